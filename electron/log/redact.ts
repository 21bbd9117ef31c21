// Scrubs secrets from everything that is logged or written to the audit trail. pino's own `redact` works
// on key paths only, but our secrets also travel inside values: Expensify puts partnerUserSecret in every
// form body (URL-encoded JSON in `requestJobDescription`), QXtend carries username/password as ttContext
// rows in dsSessionContext, Concur's token call sends client_secret and the request token as a form body,
// and Basic auth headers carry base64. So there are two layers: known secret values (registered by the
// secret store whenever one is read or written) in raw, URL-encoded and base64 forms, and sensitive key
// names in objects, JSON text, form/query strings and XML.

export const REDACTED = '[REDACTED]';

/** Values shorter than this are not scrubbed as substrings (they would blank out ordinary words); key-based
 * redaction still hides them where they appear under a sensitive key. */
const MIN_VALUE_LENGTH = 4;
const MAX_DEPTH = 12;

/** Keys whose value is always hidden, compared after lower-casing and dropping `_` and `-`. */
const SENSITIVE_KEYS = new Set([
  'password',
  'passwd',
  'pwd',
  'secret',
  'clientsecret',
  'partnerusersecret',
  'partneruserid',
  'refreshtoken',
  'accesstoken',
  'idtoken',
  'requesttoken',
  'token',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'apikey',
  'credentials',
  'feedpassword',
  'mlcsecretkey',
]);

/** Keys hidden only inside a QXtend dsSessionContext (a username elsewhere is not a secret). */
const SESSION_CONTEXT_KEYS = new Set(['username', 'password']);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export function isSensitiveKey(key: string): boolean {
  const k = normalizeKey(key.replace(/^.*:/, '')); // drop an XML namespace prefix
  if (SENSITIVE_KEYS.has(k)) return true;
  // Headers and fields such as x-api-key, x-auth-token, concur-client-secret.
  return /(token|secret|password)$/.test(k) || /[-_]key$/i.test(key);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The base64 text that must appear wherever `value` is base64-encoded inside a longer byte string,
 * for each of the three byte alignments (the edges that mix with neighbouring bytes are cut off). */
function base64Fragments(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    const start = shift === 0 ? 0 : 4;
    const fullGroups = Math.floor(padded.length / 3);
    const end = padded.length % 3 === 0 ? encoded.length : fullGroups * 4;
    const fragment = encoded.slice(start, end);
    if (fragment.length >= 8) {
      out.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  // The whole value encoded on its own, padding included.
  out.push(bytes.toString('base64'), bytes.toString('base64url'));
  return out;
}

function encodedForms(value: string): string[] {
  const forms = new Set<string>([value]);
  forms.add(encodeURIComponent(value));
  forms.add(encodeURIComponent(value).replace(/%20/g, '+'));
  forms.add(encodeURIComponent(encodeURIComponent(value)));
  forms.add(JSON.stringify(value).slice(1, -1));
  forms.add(value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  for (const fragment of base64Fragments(value)) forms.add(fragment);
  return [...forms].filter((form) => form.length >= MIN_VALUE_LENGTH);
}

// "key": "value" in JSON text, and \"key\": \"value\" for JSON nested inside a JSON string.
const JSON_PAIR = /("([A-Za-z0-9_.:-]*)"\s*:\s*)("(?:[^"\\]|\\.)*"|-?[\w.+-]+)/g;
const ESCAPED_JSON_PAIR = /(\\"([A-Za-z0-9_.:-]*)\\"\s*:\s*)(\\"(?:[^"\\]|\\[^"])*\\"|-?[\w.+-]+)/g;
// key=value in form bodies and query strings.
const FORM_PAIR = /(^|[?&\s;])([A-Za-z0-9_.%-]+)=([^&\s#"']*)/g;
// <ns:key>value</ns:key> in XML.
const XML_ELEMENT = /<((?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))(\s[^>]*)?>([^<]*)<\/\1>/g;
// QXtend session rows: <propertyName>username</propertyName><propertyValue>mfg</propertyValue>.
const TT_CONTEXT =
  /(<(?:[\w.-]+:)?propertyName>\s*(?:username|password)\s*<\/(?:[\w.-]+:)?propertyName>\s*<((?:[\w.-]+:)?propertyValue)>)[^<]*(<\/\2>)/gi;
// Authorization: Bearer xyz / Basic xyz in free text.
const AUTH_SCHEME = /\b(Bearer|Basic|Negotiate|NTLM)\s+[A-Za-z0-9._~+/=-]{6,}/g;
// https://user:password@host
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi;

export class Redactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  /** Remembers a secret value so that it and its encodings are scrubbed from now on. */
  register(value: string | undefined | null): void {
    if (typeof value !== 'string' || value.length < MIN_VALUE_LENGTH) return;
    let added = false;
    for (const form of encodedForms(value)) {
      if (!this.values.has(form)) {
        this.values.add(form);
        added = true;
      }
    }
    if (added) this.pattern = undefined;
  }

  get registeredCount(): number {
    return this.values.size;
  }

  private valuePattern(): RegExp | undefined {
    if (this.values.size === 0) return undefined;
    // Longest first so a value's encoded form wins over a shorter value it contains.
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return this.pattern;
  }

  redactString(text: string, depth = 0): string {
    let out = text.replace(URL_USERINFO, `$1${REDACTED}@`);
    out = out.replace(AUTH_SCHEME, `$1 ${REDACTED}`);
    out = out.replace(TT_CONTEXT, `$1${REDACTED}$3`);
    out = out.replace(JSON_PAIR, (whole, prefix: string, key: string) =>
      isSensitiveKey(key) ? `${prefix}"${REDACTED}"` : whole,
    );
    out = out.replace(ESCAPED_JSON_PAIR, (whole, prefix: string, key: string) =>
      isSensitiveKey(key) ? `${prefix}\\"${REDACTED}\\"` : whole,
    );
    out = out.replace(XML_ELEMENT, (whole, name: string, local: string, attrs: string | undefined) =>
      isSensitiveKey(local) ? `<${name}${attrs ?? ''}>${REDACTED}</${name}>` : whole,
    );
    out = out.replace(FORM_PAIR, (whole, lead: string, rawKey: string, rawValue: string) => {
      const key = safeDecode(rawKey);
      if (isSensitiveKey(key)) return `${lead}${rawKey}=${REDACTED}`;
      // A URL-encoded value may hold JSON (Expensify's requestJobDescription): decode, scrub, re-encode.
      if (depth < 2 && rawValue.includes('%')) {
        const decoded = safeDecode(rawValue.replace(/\+/g, ' '));
        const scrubbed = this.redactString(decoded, depth + 1);
        if (scrubbed !== decoded) return `${lead}${rawKey}=${encodeURIComponent(scrubbed)}`;
      }
      return whole;
    });
    const values = this.valuePattern();
    return values === undefined ? out : out.replace(values, REDACTED);
  }

  /** Deep copy of `value` with sensitive keys hidden and every string scrubbed. Never mutates the input. */
  redact<T>(value: T): T {
    return this.walk(value, 0, new WeakSet(), false) as T;
  }

  private walk(value: unknown, depth: number, seen: WeakSet<object>, inSessionContext: boolean): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > MAX_DEPTH) return '[Truncated]';
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    try {
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
      if (value instanceof Date) return value;
      if (value instanceof Error) {
        const plain: Record<string, unknown> = { type: value.name, message: value.message };
        if (value.stack !== undefined) plain.stack = value.stack;
        for (const [k, v] of Object.entries(value)) plain[k] = v;
        return this.walk(plain, depth, seen, inSessionContext);
      }
      if (Array.isArray(value))
        return value.map((item) => this.walk(item, depth + 1, seen, inSessionContext));
      if (value instanceof Map) return this.walk(Object.fromEntries(value), depth, seen, inSessionContext);
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const propertyName =
        typeof source.propertyName === 'string' ? source.propertyName.toLowerCase() : undefined;
      for (const [key, item] of Object.entries(source)) {
        const local = normalizeKey(key.replace(/^.*:/, ''));
        if (isSensitiveKey(key) && item !== undefined && item !== null && item !== '') {
          out[key] = REDACTED;
        } else if (inSessionContext && SESSION_CONTEXT_KEYS.has(local) && item !== undefined && item !== '') {
          out[key] = REDACTED;
        } else if (
          inSessionContext &&
          local === 'propertyvalue' &&
          propertyName !== undefined &&
          SESSION_CONTEXT_KEYS.has(propertyName)
        ) {
          out[key] = REDACTED;
        } else {
          out[key] = this.walk(item, depth + 1, seen, inSessionContext || local === 'dssessioncontext');
        }
      }
      return out;
    } finally {
      seen.delete(value);
    }
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The process-wide redactor: secret stores register into it, the logger and audit writer read from it. */
export const redactor = new Redactor();

/** Redacts an audit detail (request/response bodies, headers, URLs) before it is stored. */
export function redactForAudit<T>(value: T): T {
  return redactor.redact(value);
}
