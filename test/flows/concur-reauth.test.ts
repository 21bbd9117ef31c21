// Concur's company authorisation as IT lives with it: a refresh token revoked by an admin (or lapsed after
// six months unused) stops only the Concur flow — `run --once` exits 3, `status --json` says
// `concurNeedsReauthorization`, QAD master data still refreshes — until a new request token is stored with
// `secrets set`; then the next run exits 0 and the flag clears. An access token that expires between runs of
// a long-lived engine is renewed without anyone noticing, and refreshes go to the geolocation, not the token
// host.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.ts';
import {
  concurConfirmations,
  flowFixture,
  ledgerFacts,
  openFlowEngine,
  qadReferences,
  type FlowFixture,
} from './support.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const fixtures: FlowFixture[] = [];
afterAll(async () => {
  await Promise.all(fixtures.map((f) => f.sandbox.close()));
});

async function fixture(seed: number): Promise<FlowFixture> {
  // Expensify stays off (the fixture's default): only Concur and QAD are in play.
  const f = await flowFixture({ seed, concurDocuments: 8 });
  fixtures.push(f);
  return f;
}

function cli(f: FlowFixture, args: readonly string[], stdin?: string): Promise<CliResult> {
  return runCli(['--config', f.configPath, ...args], {
    env: f.env,
    timeoutMs: 60_000,
    ...(stdin !== undefined ? { stdin } : {}),
  });
}

interface StatusJson {
  concurNeedsReauthorization: boolean;
  flows: { flow: string; enabled: boolean; lastRun?: { id: number; outcome: string } }[];
}

async function status(f: FlowFixture): Promise<{ code: number; value: StatusJson }> {
  const result = await cli(f, ['status', '--json']);
  return { code: result.code, value: JSON.parse(result.stdout) as StatusJson };
}

const lastRun = (s: StatusJson, flow: string) => s.flows.find((x) => x.flow === flow)?.lastRun;

async function admin(f: FlowFixture, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${f.sandbox.concur.tokenHostUrl}/__sandbox/${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(response.status, path).toBe(200);
}

/** After a refusal: nothing but the Concur flow stops, and a new request token brings it back. */
async function expectReauthorisationRoundTrip(f: FlowFixture): Promise<void> {
  const qadReadsBefore = f.sandbox.qad.rest.requests.length;
  const refused = await cli(f, ['run', '--once']);
  expect(refused.code, refused.stdout).toBe(3);
  expect(refused.stdout).toMatch(/re-authorised/);

  const flagged = await status(f);
  expect(flagged.code).toBe(3);
  expect(flagged.value.concurNeedsReauthorization).toBe(true);
  // QAD master data refreshed in that same run; Expensify stayed off and untouched.
  expect(lastRun(flagged.value, 'masterData')?.outcome).toBe('succeeded');
  expect(f.sandbox.qad.rest.requests.length).toBeGreaterThan(qadReadsBefore);
  expect(flagged.value.flows.find((x) => x.flow === 'expensify')?.enabled).toBe(false);
  expect(f.sandbox.expensify.server.requests).toHaveLength(0);

  // The admin reconnects in Concur's App Center; IT pipes the new request token in.
  const stored = await cli(
    f,
    ['secrets', 'set', 'concur.requestToken'],
    f.sandbox.concur.issueRequestToken(),
  );
  expect(stored.code, stored.stderr).toBe(0);
  f.sandbox.concur.addDocuments(3);
  // Documents that became ready while Concur was locked out are fetched now, with the new ones.
  const staged = Object.values(ledgerFacts(f.dataDir).byState).reduce((a, b) => a + b, 0);
  const waiting = f.sandbox.concur.state.documents.length - staged;
  expect(waiting).toBeGreaterThanOrEqual(3);
  const again = await cli(f, ['run', '--once', '--json']);
  expect(again.code, again.stdout).toBe(0);
  const counts = JSON.parse(again.stdout) as { concur: { fetched: number } };
  expect(counts.concur.fetched).toBe(waiting);
  const cleared = await status(f);
  expect(cleared.code).toBe(0);
  expect(cleared.value.concurNeedsReauthorization).toBe(false);
  expect(lastRun(cleared.value, 'concur')?.outcome).toBe('succeeded');

  // The interruption cost nothing: everything confirmed is in QAD once and confirmed to Concur once.
  const facts = ledgerFacts(f.dataDir);
  expect(Object.values(facts.byState).reduce((a, b) => a + b, 0)).toBe(
    f.sandbox.concur.state.documents.length,
  );
  const references = qadReferences(f.sandbox);
  const confirmations = concurConfirmations(f.sandbox);
  for (const id of facts.confirmedIds) {
    expect(references.get(`MLC-CONCUR-${id}`), id).toBe(1);
    expect(confirmations.get(id), id).toBe(1);
  }
}

describe('Concur re-authorisation', () => {
  it('a revoked refresh token: exit 3 and the flag, then a new request token clears both', async () => {
    const f = await fixture(3);
    const first = await cli(f, ['run', '--once']);
    expect(first.code, first.stdout).toBe(0);
    expect((await status(f)).value.concurNeedsReauthorization).toBe(false);

    await admin(f, 'tokens/revoke', {});
    f.sandbox.concur.addDocuments(2);
    await expectReauthorisationRoundTrip(f);
  }, 60_000);

  it('a refresh token lapsed after six months unused: the same', async () => {
    const f = await fixture(5);
    const first = await cli(f, ['run', '--once']);
    expect(first.code, first.stdout).toBe(0);

    // The refresh token lives 182 days on the simulator's clock; the engine's own clock does not matter.
    f.sandbox.clock.advance(183 * DAY);
    await expectReauthorisationRoundTrip(f);
  }, 60_000);

  it('an access token that expires between two runs of one engine is renewed at the geolocation', async () => {
    const f = await fixture(9);
    const concur = f.sandbox.concur;
    expect(new URL(concur.tokenUrl).origin).not.toBe(new URL(concur.apiUrl).origin);

    const engine = await openFlowEngine(f);
    try {
      const first = await engine.runCycle('all', 'cli');
      expect(first.failed || first.reauthorize, JSON.stringify(first.runs)).toBe(false);
      const tokenCallsAtApi = () => concur.apiServer.requests.filter((r) => r.operation === 'oauth2.token');
      const refreshesBefore = tokenCallsAtApi().length;
      const requestsBefore = concur.apiServer.requests.length;

      // An hour later (Concur's clock) the access token this engine holds in memory is dead.
      concur.clock.advance(HOUR + 60_000);
      concur.addDocuments(3);
      const second = await engine.runCycle('all', 'cli');
      expect(second.failed || second.reauthorize, JSON.stringify(second.runs)).toBe(false);
      expect(second.counts.concur.fetched).toBe(3);
      expect(engine.status().concurNeedsReauthorization).toBe(false);
      // Concur did refuse the dead token once, and the engine refreshed it at the geolocation the token
      // answer named, then carried on.
      const refused = concur.apiServer.requests.slice(requestsBefore).filter((r) => r.status === 401);
      expect(refused.length).toBeGreaterThan(0);
      expect(tokenCallsAtApi().length).toBeGreaterThan(refreshesBefore);
    } finally {
      await engine.stop();
    }
    // The token host only ever saw token calls (the first exchange of the request token); every API call
    // went to the geolocation.
    expect(concur.tokenServer.requests.length).toBeGreaterThan(0);
    for (const r of concur.tokenServer.requests) expect(r.operation).toBe('oauth2.token');
    expect(concur.apiServer.requests.some((r) => r.operation?.startsWith('fis.') ?? false)).toBe(true);
  }, 60_000);
});
