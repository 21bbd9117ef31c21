// Settings of the QAD connection with the documented defaults of defaults.ts filled in, so the clients
// read one resolved shape. Every unconfirmed fact (collection paths, viewUris, QDoc names, the OpenAPI
// path) stays a setting a site can correct (research/qad.md 1.3a, 2.3).
import type { Settings } from '../../../shared/settings.ts';
import {
  QAD_REST_API_PATH,
  QAD_REST_COLLECTIONS,
  QAD_REST_OPENAPI_PATH,
  QAD_REST_TOKEN_PATH,
  QXTEND_QDOCS,
  type QadRestCollection,
  type QadRestCollectionKey,
  type QxtendQdoc,
  type QxtendQdocKey,
} from './defaults.ts';
import type { BreakerSettings, RetrySettings } from './resilience.ts';

export interface QadCommonConfig {
  readonly domain: string;
  readonly entities: readonly string[];
  readonly timeoutMs: number;
  readonly retry: RetrySettings;
  readonly breaker: BreakerSettings;
  readonly network: Settings['network'];
}

export interface QadRestConfig extends QadCommonConfig {
  readonly tenantUrl: string;
  readonly clientId: string;
  readonly tokenPath: string;
  readonly apiPath: string;
  readonly openApiPath: string;
  readonly pageSize: number;
  readonly collections: Readonly<Record<QadRestCollectionKey, QadRestCollection>>;
}

export interface QadQxtendConfig extends QadCommonConfig {
  readonly endpointUrl: string;
  readonly receiver: string;
  readonly qdocs: Readonly<Record<QxtendQdocKey, QxtendQdoc>>;
  readonly pageSize: number;
}

function common(settings: Settings): QadCommonConfig {
  const q = settings.qad;
  return {
    domain: q.domain,
    entities: [...new Set(q.entities)],
    timeoutMs: q.timeoutMs,
    retry: q.retry,
    breaker: q.breaker,
    network: settings.network,
  };
}

export function restConfig(settings: Settings): QadRestConfig {
  const r = settings.qad.rest;
  const collections = { ...QAD_REST_COLLECTIONS };
  for (const key of Object.keys(QAD_REST_COLLECTIONS) as QadRestCollectionKey[]) {
    const over = r.collections[key];
    if (over)
      collections[key] = {
        name: (over.name ?? collections[key].name).replace(/^\/+|\/+$/g, ''),
        viewUri: over.viewUri ?? collections[key].viewUri,
      };
  }
  return {
    ...common(settings),
    tenantUrl: r.tenantUrl.replace(/\/+$/, ''),
    clientId: r.clientId,
    tokenPath: QAD_REST_TOKEN_PATH,
    apiPath: QAD_REST_API_PATH,
    openApiPath: r.openApiPath ?? QAD_REST_OPENAPI_PATH,
    pageSize: settings.qad.pageSize,
    collections,
  };
}

export function qxtendConfig(settings: Settings): QadQxtendConfig {
  const x = settings.qad.qxtend;
  const qdocs = {} as Record<QxtendQdocKey, QxtendQdoc>;
  for (const key of Object.keys(QXTEND_QDOCS) as QxtendQdocKey[]) {
    const over = x.qdocs[key];
    // One version per QDoc (sheet 1.3a); `qdocVersion` is the site-wide fallback the user sets.
    qdocs[key] = { name: over?.name ?? QXTEND_QDOCS[key].name, version: over?.version ?? x.qdocVersion };
  }
  return {
    ...common(settings),
    endpointUrl: x.endpointUrl,
    receiver: x.receiver,
    qdocs,
    pageSize: settings.qad.pageSize,
  };
}
