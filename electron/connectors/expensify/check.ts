// The connection check for Expensify, in sentences for the Connections screen: configured, credentials
// stored, the Integration Server reachable, the credentials accepted (a cheap `get policyList`), and every
// configured policy visible to the partner user.
import type { CheckItem } from '../../../shared/domain/status.ts';
import type { SystemChecker } from '../../engine/ports.ts';
import { createExpensifyClient, type CreateExpensifyClientInput } from './client.ts';
import { ExpensifyError } from './errors.ts';

const item = (check: string, ok: boolean, message: string): CheckItem => ({
  system: 'expensify',
  check,
  ok,
  message,
});

export type ExpensifyCheckerOptions = Pick<
  CreateExpensifyClientInput,
  'rateWindows' | 'rateMarginMs' | 'random' | 'sleep'
>;

export function createExpensifyChecker(options: ExpensifyCheckerOptions = {}): SystemChecker {
  return async (settings, secrets) => {
    const s = settings.expensify;
    const items: CheckItem[] = [];
    if (s.policyIds.length === 0) {
      return [item('configured', false, 'No Expensify policy is configured (settings expensify.policyIds).')];
    }
    items.push(item('configured', true, `Expensify at ${s.url}, ${s.policyIds.length} policy id(s).`));
    let client;
    try {
      client = await createExpensifyClient({ settings, secrets, ...options });
    } catch (error) {
      items.push(item('credentials stored', false, error instanceof Error ? error.message : String(error)));
      return items;
    }
    items.push(item('credentials stored', true, 'The Expensify partner user id and secret are stored.'));
    let policies;
    try {
      policies = await client.getPolicyList();
    } catch (error) {
      const e = error instanceof ExpensifyError ? error : undefined;
      const message = error instanceof Error ? error.message : String(error);
      if (e?.kind === 'network' || e?.kind === 'config') {
        items.push(item('reachable', false, message));
      } else {
        items.push(item('reachable', true, 'The Expensify Integration Server answered.'));
        items.push(item('credentials accepted', false, message));
      }
      return items;
    }
    items.push(item('reachable', true, 'The Expensify Integration Server answered.'));
    items.push(
      item(
        'credentials accepted',
        true,
        `The partner credentials were accepted (${policies.length} policies visible).`,
      ),
    );
    const known = new Set(policies.map((p) => p.id));
    const missing = s.policyIds.filter((id) => !known.has(id));
    items.push(
      missing.length === 0
        ? item(
            'policies exist',
            true,
            `All ${s.policyIds.length} configured policies exist: ${policies
              .filter((p) => s.policyIds.includes(p.id))
              .map((p) => `${p.name} (${p.id})`)
              .join(', ')}.`,
          )
        : item(
            'policies exist',
            false,
            `Not visible to the partner user: ${missing.join(', ')} (settings expensify.policyIds).`,
          ),
    );
    return items;
  };
}

/** The Expensify checker with default pacing; register it as `checkers.expensify`. */
export const checkExpensify: SystemChecker = createExpensifyChecker();
