// The SAP Concur connection check, in words an admin can act on: is the token endpoint reachable, are the
// credentials accepted (or must someone enter a new company request token), which geolocation Concur assigned,
// and does Financial Integration answer there.
import { axiosNetworkOptions } from '../../lib/network.ts';
import axios, { type AxiosError } from 'axios';
import type { CheckItem } from '../../../shared/domain/status.ts';
import type { Settings } from '../../../shared/settings.ts';
import type { EngineSecrets, SystemChecker } from '../../engine/ports.ts';
import { describeNetworkError } from '../../engine/reachability.ts';
import { memoryStateStore, STATE_KEYS } from './auth.ts';
import { createConcurClient, type ConcurClientOptions } from './client.ts';
import { ConcurError, ConcurReauthorizeError } from './errors.ts';
import { FIS_BASE } from './fis.ts';
import type { LogSink } from '../../ipc/log-sink.ts';

const system = 'concur' as const;

function item(check: string, ok: boolean, message: string): CheckItem {
  return { system, check, ok, message };
}

async function probeTokenEndpoint(
  tokenUrl: string,
  timeoutMs: number,
  network: Settings['network'],
): Promise<CheckItem> {
  try {
    // An empty form: any oauth2 answer (an error naming the missing client_id) proves the endpoint is there.
    const response = await axios.post(tokenUrl, '', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      timeout: timeoutMs,
      // The plant's proxy and company CA, as every other Concur call uses them.
      ...axiosNetworkOptions(network),
      proxy: false,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
    });
    if (response.status === 404)
      return item('token endpoint reachable', false, `${tokenUrl} answered 404: check the token URL.`);
    return item('token endpoint reachable', true, `The token endpoint answered (HTTP ${response.status}).`);
  } catch (error) {
    return item('token endpoint reachable', false, describeNetworkError(tokenUrl, error as AxiosError));
  }
}

export interface ConcurCheckerOptions extends ConcurClientOptions {
  readonly log?: LogSink;
}

export function createConcurChecker(options: ConcurCheckerOptions = {}): SystemChecker {
  return async (settings: Settings, secrets: EngineSecrets): Promise<CheckItem[]> => {
    const concur = settings.concur;
    if (!concur.enabled) return [item('configured', false, 'SAP Concur is not set up yet.')];
    const items: CheckItem[] = [];
    const timeoutMs = Math.min(options.timeoutMs ?? concur.timeoutMs, 20_000);
    items.push(await probeTokenEndpoint(concur.tokenUrl, timeoutMs, settings.network));

    const [secret, refresh, request] = await Promise.all([
      secrets.get('concur.clientSecret'),
      secrets.get('concur.refreshToken'),
      secrets.get('concur.requestToken'),
    ]);
    if (!secret) {
      items.push(
        item('credentials accepted', false, 'The Concur client secret is not stored yet: enter it.'),
      );
      return items;
    }
    if (!refresh && !request) {
      items.push(
        item(
          'credentials accepted',
          false,
          'Re-authorise: enter a company request token (Concur Administration > Company > Authentication Admin > Company Request Token).',
        ),
      );
      return items;
    }
    // One attempt, short timeout: a check answers within seconds instead of backing off for minutes.
    const state = options.state ?? memoryStateStore();
    const client = createConcurClient({
      settings,
      secrets,
      ...(options.log ? { log: options.log } : {}),
      options: { ...options, state, timeoutMs, retry: { maxAttempts: 1, ...(options.retry ?? {}) } },
    });
    let geolocation: string;
    try {
      geolocation = (await client.connect()).geolocation;
      const until = await state.get(STATE_KEYS.refreshExpiresAt);
      items.push(
        item(
          'credentials accepted',
          true,
          until
            ? `SAP Concur accepted the credentials; the authorisation runs until ${until} and every refresh extends it.`
            : 'SAP Concur accepted the credentials.',
        ),
      );
    } catch (error) {
      if (error instanceof ConcurReauthorizeError) {
        items.push(item('credentials accepted', false, 'Re-authorise: enter a new company request token.'));
      } else {
        items.push(
          item(
            'credentials accepted',
            false,
            error instanceof Error ? error.message : 'The token call failed.',
          ),
        );
      }
      return items;
    }
    items.push(item('geolocation', true, `API calls go to ${geolocation}, the data center Concur assigned.`));
    try {
      await client.http.send({
        endpoint: 'fis.check',
        method: 'GET',
        path: `${FIS_BASE}/invoice/transactions`,
        params: { limit: 1, page: 0 },
        repeat: 'repeatable',
      });
      items.push(item('FIS reachable', true, 'Financial Integration answered.'));
    } catch (error) {
      const message =
        error instanceof ConcurError &&
        error.kind === 'config' &&
        (error.status === 401 || error.status === 403)
          ? 'Financial Integration refused the token: SAP Concur must enable it for this company and app (scope FISVC).'
          : error instanceof Error
            ? error.message
            : 'Financial Integration did not answer.';
      items.push(item('FIS reachable', false, message));
    }
    return items;
  };
}

/** The checker with default options, for the engine's `checkers.concur`. */
export const concurChecker: SystemChecker = createConcurChecker();
