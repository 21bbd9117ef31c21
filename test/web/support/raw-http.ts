// A raw HTTP client for tests: unlike fetch it lets a test send any Host and Origin header.
import http from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Opens an event stream and hands back each `data:` object as it arrives. */
export async function openEvents(port: number, headers: Record<string, string>) {
  const received: unknown[] = [];
  const waiters: (() => void)[] = [];
  const request = http.request({
    host: '127.0.0.1',
    port,
    path: '/api/events',
    headers: { host: `127.0.0.1:${port}`, ...headers },
  });
  const connected = new Promise<number>((resolve, reject) => {
    request.on('response', (response) => {
      let buffer = '';
      let first = true;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (first) {
          first = false;
          resolve(response.statusCode ?? 0);
        }
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) received.push(JSON.parse(line.slice(6)));
          }
          waiters.splice(0).forEach((wake) => wake());
        }
      });
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
  request.end();
  return {
    status: await connected,
    received,
    async next(count: number): Promise<unknown[]> {
      while (received.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return received.slice(0, count);
    },
    close: () => request.destroy(),
  };
}
