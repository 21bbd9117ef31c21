// The deep connection check for QAD: configured, credentials stored, reachable, credentials accepted, WSDL or
// OpenAPI read, every path or QDoc the connector uses present (missing ones named with their setting), and
// the domain and entities known to QAD. Each line is a sentence for the person at the Connections screen.
import type { CheckItem } from '../../shared/domain/status.ts';
import { createQadGateway } from '../connectors/qad/gateway.ts';
import { type QadGatewayFactory, qadNotConfigured } from './master-data.ts';
import type { SystemChecker } from './ports.ts';

const item = (check: string, ok: boolean, message: string): CheckItem => ({
  system: 'qad',
  check,
  ok,
  message,
});

export function createQadChecker(
  options: { readonly gatewayFactory?: QadGatewayFactory } = {},
): SystemChecker {
  const factory = options.gatewayFactory ?? createQadGateway;
  return async (settings, secrets) => {
    const why = qadNotConfigured(settings);
    if (why) return [item('configured', false, why)];
    const items: CheckItem[] = [];
    const stored = await secrets.status();
    const missing = (['qad.username', 'qad.password'] as const).filter(
      (name) => !stored.some((s) => s.name === name && s.present),
    );
    items.push(
      missing.length === 0
        ? item('credentials stored', true, 'The QAD user name and password are stored.')
        : item(
            'credentials stored',
            // QXtend accepts requests without them at some sites (research/qad.md 1.3a); REST cannot log in.
            settings.qad.mode === 'qxtend',
            `Not stored: ${missing.join(', ')}.${settings.qad.mode === 'qxtend' ? ' QXtend will be tried without them.' : ''}`,
          ),
    );
    try {
      const gateway = await factory(settings, secrets, {});
      for (const step of await gateway.checkConnection()) items.push(item(step.check, step.ok, step.message));
    } catch (error) {
      items.push(item('configured', false, error instanceof Error ? error.message : String(error)));
    }
    return items;
  };
}

/** The QAD checker with the real gateway; register it as `checkers.qad`. */
export const checkQad: SystemChecker = createQadChecker();
