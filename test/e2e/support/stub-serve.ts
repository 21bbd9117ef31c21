// Development stand-in for `ml-connector serve`: browser mode over the in-memory stub handlers, printing the
// link the same way the CLI does. Used only when MLC_E2E_STUB=1 (see browser-mode.spec.ts); the real spec runs
// the CLI. Run with: node test/e2e/support/stub-serve.ts
import { EventHub } from '../../../electron/ipc/event-hub.ts';
import { silentLog } from '../../../electron/ipc/log-sink.ts';
import { createRouter } from '../../../electron/ipc/router.ts';
import { startWebServer } from '../../../electron/web/server.ts';
import { createStubHandlers } from '../../ipc/support/stub-handlers.ts';
import { createStubRoad } from './stub-road.ts';

const hub = new EventHub(silentLog);
// The transport stub answers status, settings and secrets; the stub road adds a realistic document road.
const handlers = { ...createStubHandlers(hub).handlers, ...createStubRoad().handlers };
const router = createRouter(handlers, { log: silentLog });
const server = await startWebServer({ router, hub, port: Number(process.env.PORT ?? 0), log: silentLog });
process.stdout.write(`Browser mode: ${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
