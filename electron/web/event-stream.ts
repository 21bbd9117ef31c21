// Server-Sent Events for browser mode: every hub event is one `data:` line holding `{ name, payload }`,
// the same object the desktop preload delivers, so the renderer handles both transports alike.
import type { ServerResponse } from 'node:http';
import type { PushEvent } from '../../shared/contract/bridge.ts';
import type { EventHub } from '../ipc/event-hub.ts';

/** Proxies and some browsers drop idle streams; a comment line every so often keeps it open. */
const HEARTBEAT_MS = 25_000;

export function openEventStream(response: ServerResponse, hub: EventHub, headers: Record<string, string>) {
  response.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.write('retry: 3000\n: connected\n\n');
  const unsubscribe = hub.subscribe((event: PushEvent) => {
    response.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  response.on('close', stop);
  return stop;
}
