// createConcurClient: builds the HTTP layer, the authorisation and the API clients from the settings.
import type { Settings } from '../../../shared/settings.ts';
import type { EngineSecrets } from '../../engine/ports.ts';
import { silentLog, type LogSink } from '../../ipc/log-sink.ts';
import { getCursor, setCursor, type Db } from '../../store/index.ts';
import { ConcurAuth, memoryStateStore, type ConcurStateStore } from './auth.ts';
import type { BreakerSettings, RetrySettings } from './classify.ts';
import {
  startConcurEventReceiver,
  type ConcurEventReceiver,
  type ConcurReadyEvent,
} from './event-receiver.ts';
import { FisClient } from './fis.ts';
import { ConcurHttp } from './http.ts';
import { VendorClient, type VendorMediaType } from './vendors.ts';

export interface ConcurClientOptions {
  /** Where the geolocation survives a restart (default: memory only; the engine passes its database's). */
  readonly state?: ConcurStateStore;
  /** The clock for token expiry (tests pass the simulator's). */
  readonly now?: () => number;
  readonly retry?: Partial<RetrySettings>;
  readonly breaker?: Partial<BreakerSettings>;
  readonly timeoutMs?: number;
  /** Minimum spacing between requests (0 = none). */
  readonly minIntervalMs?: number;
  readonly vendorMediaType?: VendorMediaType;
  readonly pageSize?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface CreateConcurClientInput {
  readonly settings: Settings;
  readonly secrets: EngineSecrets;
  readonly log?: LogSink;
  readonly options?: ConcurClientOptions;
}

export interface ConcurClient {
  readonly http: ConcurHttp;
  readonly auth: ConcurAuth;
  readonly fis: FisClient;
  readonly vendors: VendorClient;
  /** Gets a valid access token (exchanging a stored request token first); returns the geolocation. */
  connect(): Promise<{ geolocation: string }>;
  /** Starts the ESS receiver when `concur.eventReceiver.enabled` (undefined when it is off). */
  startEventReceiver(
    onDocumentReady: (event: ConcurReadyEvent) => void | Promise<void>,
    override?: { port?: number; publicKeyPem?: string },
  ): Promise<ConcurEventReceiver | undefined>;
}

export function createConcurClient(input: CreateConcurClientInput): ConcurClient {
  const { settings, secrets } = input;
  const concur = settings.concur;
  const log = input.log ?? silentLog;
  const o = input.options ?? {};
  const http = new ConcurHttp({
    timeoutMs: o.timeoutMs ?? concur.timeoutMs,
    retry: { ...concur.retry, ...(o.retry ?? {}) },
    breaker: { ...concur.breaker, ...(o.breaker ?? {}) },
    log,
    proxyUrl: settings.network.proxyUrl,
    caCertFile: settings.network.caCertFile,
    ...(o.minIntervalMs !== undefined ? { minIntervalMs: o.minIntervalMs } : {}),
    ...(o.random ? { random: o.random } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
  });
  const auth = new ConcurAuth({
    http,
    secrets,
    state: o.state ?? memoryStateStore(),
    log,
    tokenUrl: concur.tokenUrl,
    clientId: concur.clientId,
    companyUuid: concur.companyUuid,
    skewMs: concur.tokenRefreshSkewSeconds * 1000,
    ...(o.now ? { now: o.now } : {}),
  });
  http.auth = auth;
  const fis = new FisClient({ http, systemId: concur.systemId, pageSize: o.pageSize ?? concur.pageSize });
  const vendors = new VendorClient({ http, log, mediaType: o.vendorMediaType ?? concur.vendorMediaType });
  return {
    http,
    auth,
    fis,
    vendors,
    async connect() {
      await auth.accessToken();
      return { geolocation: auth.baseUrl() };
    },
    async startEventReceiver(onDocumentReady, override = {}) {
      const receiver = concur.eventReceiver;
      if (!receiver.enabled) return undefined;
      return startConcurEventReceiver({
        port: override.port ?? receiver.port,
        publicKeyPem: override.publicKeyPem ?? receiver.publicKeyPem,
        algorithm: receiver.signatureAlgorithm,
        onDocumentReady,
        log,
      });
    },
  };
}

/** A state store on the engine database's cursor table (source "concur"); changes are audited there. */
export function concurStateStoreFromDb(db: Db, actor = 'system'): ConcurStateStore {
  return {
    get: (key) => getCursor(db, 'concur', key)?.value,
    set: (key, value) => {
      setCursor(db, 'concur', key, value, { actor });
    },
  };
}
