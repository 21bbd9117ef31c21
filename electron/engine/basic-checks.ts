// Connection checks available before a system's client adds its deep check (credentials, paths, entities):
// whether the system is configured, whether its secrets are present, and whether its address answers.
import type { CheckItem, SystemName } from '../../shared/domain/status.ts';
import type { SecretName, Settings } from '../../shared/settings.ts';
import type { EngineSecrets, SystemChecker } from './ports.ts';
import { probeUrl } from './reachability.ts';

interface SystemShape {
  readonly configured: (settings: Settings) => boolean;
  readonly url: (settings: Settings) => string;
  readonly secrets: readonly SecretName[];
}

const SHAPES: Record<SystemName, SystemShape> = {
  qad: {
    configured: (s) => s.qad.mode !== 'none',
    url: (s) => (s.qad.mode === 'rest' ? s.qad.rest.tenantUrl : s.qad.qxtend.endpointUrl),
    secrets: ['qad.username', 'qad.password'],
  },
  concur: {
    configured: (s) => s.concur.enabled,
    url: (s) => s.concur.tokenUrl,
    secrets: ['concur.clientSecret'],
  },
  expensify: {
    configured: (s) => s.expensify.enabled,
    url: (s) => s.expensify.url,
    secrets: ['expensify.partnerUserId', 'expensify.partnerUserSecret'],
  },
};

export function isConfigured(system: SystemName, settings: Settings): boolean {
  return SHAPES[system].configured(settings);
}

export function basicChecker(system: SystemName): SystemChecker {
  const shape = SHAPES[system];
  return async (settings: Settings, secrets: EngineSecrets): Promise<CheckItem[]> => {
    if (!shape.configured(settings)) {
      return [{ system, check: 'configured', ok: false, message: `${label(system)} is not set up yet.` }];
    }
    const items: CheckItem[] = [];
    const url = shape.url(settings);
    if (!url) {
      items.push({ system, check: 'configured', ok: false, message: `${label(system)} has no address yet.` });
      return items;
    }
    const present = await secrets.status();
    const missing = shape.secrets.filter((name) => !present.some((p) => p.name === name && p.present));
    items.push(
      missing.length === 0
        ? { system, check: 'credentials stored', ok: true, message: 'The credentials are stored.' }
        : { system, check: 'credentials stored', ok: false, message: `Missing: ${missing.join(', ')}.` },
    );
    const reach = await probeUrl(url, undefined, settings.network);
    items.push({ system, check: 'reachable', ok: reach.ok, message: reach.message });
    return items;
  };
}

export function label(system: SystemName): string {
  return system === 'qad' ? 'QAD' : system === 'concur' ? 'SAP Concur' : 'Expensify';
}
