// Expensify to QAD end to end, through the real `ml-connector run --once` against the sandbox: the demo
// company's approved and reimbursed reports land in QAD coded by category (GL account) and tag (cost
// center) to the cent, each is labelled exported exactly once with our label, open and submitted reports
// are never exported, and a second run changes nothing.
//
// Every `run --once` is a fresh process whose rate pacer knows nothing of the previous one; scheduled runs
// are 30 minutes apart, so the simulator's clock (on which its 5/10 s and 20/60 s windows count) is moved
// past the longest window before each run to stand for that gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimReport } from '../../electron/sandbox/expensify/index.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import {
  exportableReportIds,
  expensifyLabelCounts,
  flowFixture,
  integrityOk,
  ledgerDocuments,
  qadReferences,
  type FlowFixture,
} from './support.ts';

let f: FlowFixture;
let first: CliResult;

beforeAll(async () => {
  f = await flowFixture({ seed: 42, expensifyReports: 80, sources: ['expensify'] });
  first = await runOnce();
}, 60_000);
afterAll(async () => {
  await f.sandbox.close();
});

async function runOnce(): Promise<CliResult> {
  f.sandbox.clock.advance(61_000);
  return runCli(['--config', f.configPath, 'run', '--once', '--json'], { env: f.env, timeoutMs: 60_000 });
}

const reportOf = (id: string): SimReport => {
  const report = f.sandbox.expensify.state.reports.find((r) => r.reportID === id);
  if (!report) throw new Error(`no report ${id}`);
  return report;
};

/** What QAD must hold for a report, worked out from the report itself (not from the engine's code). */
function expectedInvoice(report: SimReport) {
  const policy = f.sandbox.expensify.state.policies.find((p) => p.id === report.policyID);
  const employee = f.sandbox.company.employees.find((e) => e.email === report.accountEmail);
  const glOf = (category: string | undefined) =>
    policy?.categories.find((c) => c.name === category)?.glCode ?? `no GL for ${String(category)}`;
  const centerOf = (tag: string | undefined) =>
    policy?.tags[0]?.tags.find((t) => t.name === tag)?.glCode ?? tag;
  const lines: string[] = [];
  let total = 0;
  let card = 0;
  for (const e of report.expenses) {
    // Expensify's precedence: the converted amount (report currency), else the edited one, else the original.
    const amount = e.convertedAmount ?? e.modifiedAmount ?? e.amount;
    total += amount;
    if (!e.reimbursable) card += amount;
    if (amount !== 0) lines.push(`${glOf(e.category)}|${centerOf(e.tag) ?? ''}|${amount}`);
  }
  // Paid by company card: coded as spent, offset against the card clearing account, not owed the employee.
  if (card !== 0) lines.push(`2400||${-card}`);
  return {
    entity: policy?.entity,
    supplier: employee?.supplierCode,
    currency: report.currency,
    amountMinor: total - card,
    lines: lines.sort(),
  };
}

describe('Expensify to QAD end to end', () => {
  it('posts every clean approved or reimbursed report to QAD once, coded by category and tag to the cent', () => {
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const docs = ledgerDocuments(f.dataDir, 'expensify');
    const exportable = exportableReportIds(f.sandbox);
    expect(exportable.length).toBeGreaterThan(10);
    // Every exportable report is in ml-connector: posted and confirmed, or waiting for a person with a reason.
    expect([...docs.keys()].sort()).toEqual([...exportable].sort());
    const confirmed = [...docs].filter(([, d]) => d.state === 'confirmed').map(([id]) => id);
    expect(confirmed.length).toBeGreaterThan(3);
    for (const [id, doc] of docs) {
      if (doc.state === 'confirmed') continue;
      expect(doc.state, id).toBe('exception');
      expect(doc.exceptions.length, id).toBeGreaterThan(0);
    }

    const references = qadReferences(f.sandbox);
    expect([...references.keys()].sort()).toEqual(confirmed.map((id) => `MLC-EXPENSIFY-${id}`).sort());
    for (const id of confirmed) {
      const invoices = f.sandbox.qad.model.invoices.filter((i) => i.description === `MLC-EXPENSIFY-${id}`);
      expect(invoices, id).toHaveLength(1);
      const invoice = invoices[0];
      const expected = expectedInvoice(reportOf(id));
      expect(
        {
          entity: invoice?.entity,
          supplier: invoice?.supplier,
          currency: invoice?.currency,
          amountMinor: invoice?.amountMinor,
          lines: (invoice?.lines ?? [])
            .map((l) => `${l.account}|${l.costCenter ?? ''}|${l.amountMinor}`)
            .sort(),
        },
        id,
      ).toEqual(expected);
    }
  });

  it('labels each exported report exactly once with our label and never touches open or submitted ones', () => {
    const labels = expensifyLabelCounts(f.sandbox);
    const exportable = exportableReportIds(f.sandbox);
    expect([...labels.keys()].sort()).toEqual([...exportable].sort());
    for (const [id, count] of labels) expect(count, id).toBe(1);
    for (const report of f.sandbox.expensify.state.reports) {
      if (report.status !== 'OPEN' && report.status !== 'SUBMITTED') continue;
      expect(report.exportedLabels.map((l) => l.label)).not.toContain('ml-connector');
    }
    // Another integration's label is left as it was.
    expect(
      f.sandbox.expensify.state.reports.filter((r) => r.exportedLabels.some((l) => l.label === 'NETSUITE'))
        .length,
    ).toBeGreaterThan(0);
  });

  it('changes nothing on a second run: no new QAD documents, no new labels', async () => {
    const invoicesBefore = f.sandbox.qad.model.invoices.length;
    const journalsBefore = f.sandbox.qad.model.journals.length;
    const labelsBefore = JSON.stringify(f.sandbox.expensify.state.reports.map((r) => r.exportedLabels));
    const statusesBefore = f.sandbox.expensify.state.reports.map((r) => r.status);
    const second = await runOnce();
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const counts = JSON.parse(second.stdout) as Record<string, Record<string, number>>;
    expect(counts.expensify).toMatchObject({ fetched: 0, staged: 0, posted: 0 });
    expect(f.sandbox.qad.model.invoices).toHaveLength(invoicesBefore);
    expect(f.sandbox.qad.model.journals).toHaveLength(journalsBefore);
    expect(JSON.stringify(f.sandbox.expensify.state.reports.map((r) => r.exportedLabels))).toBe(labelsBefore);
    expect(f.sandbox.expensify.state.reports.map((r) => r.status)).toEqual(statusesBefore);
    // Neither run met a 429: one run's few calls fit the windows.
    expect(f.sandbox.expensify.state.rateLimited).toBe(0);
    expect(integrityOk(f.dataDir)).toBe(true);
  }, 60_000);
});
