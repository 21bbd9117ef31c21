// Browser-mode access control. The server listens on 127.0.0.1 only, but any local process and any web page
// the user visits can reach that port, so: a random token per start (printed once by the CLI), exchanged for
// an HttpOnly SameSite=Strict cookie; a Host check against DNS rebinding; an Origin check on POST.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'mlc_session';
/** Sessions kept at once; the oldest is forgotten first (a person opens the link a few times at most). */
const MAX_SESSIONS = 64;

export class SessionAuth {
  readonly token = randomBytes(32).toString('hex');
  readonly #sessions = new Set<string>();

  tokenMatches(candidate: string | null | undefined): boolean {
    return typeof candidate === 'string' && constantTimeEqual(candidate, this.token);
  }

  /** Creates a session for a browser that presented the token; the cookie never carries the token itself. */
  openSession(): string {
    const id = randomBytes(32).toString('hex');
    this.#sessions.add(id);
    if (this.#sessions.size > MAX_SESSIONS) {
      const oldest = this.#sessions.values().next().value;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
    return id;
  }

  /** How the request proves itself, if it does. */
  authenticate(request: IncomingMessage): 'cookie' | 'bearer' | undefined {
    const header = request.headers.authorization;
    if (typeof header === 'string') {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match && this.tokenMatches(match[1])) return 'bearer';
    }
    const session = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (session !== undefined) {
      for (const id of this.#sessions) if (constantTimeEqual(session, id)) return 'cookie';
    }
    return undefined;
  }
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** Host must name the loopback address we listen on (a rebinding attacker's name fails here). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Origin, when a browser sends one, must be this very server. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
