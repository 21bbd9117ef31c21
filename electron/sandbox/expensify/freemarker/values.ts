// The value model and the formatting rules that must match Apache FreeMarker 2.3.31 byte for byte:
// `?c` (DecimalFormat "0.################", HALF_EVEN), the default "number" format of locale en_US
// ("#,##0.###", HALF_EVEN) and `?json_string` (FreeMarker's StringUtil.jsStringEnc in JSON mode).
// Numbers are formatted from their shortest decimal text, digit by digit: no floating-point rounding.

/** A multi-typed empty value: what `x!` yields without a default (empty string, sequence and hash at once). */
export const EMPTY_DEFAULT: unique symbol = Symbol('empty-default');

export type FmValue =
  string | number | boolean | readonly unknown[] | { readonly [key: string]: unknown } | typeof EMPTY_DEFAULT;

/** JS data (as parsed from JSON) to a template value; null and undefined are "missing". */
export function wrap(value: unknown): FmValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value as readonly unknown[];
  if (typeof value === 'object') return value as Record<string, unknown>;
  return undefined;
}

export function typeName(value: FmValue): string {
  if (value === EMPTY_DEFAULT) return 'an empty default value';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (Array.isArray(value)) return 'a sequence';
  return 'a hash';
}

export const isSequence = (value: FmValue): value is readonly unknown[] => Array.isArray(value);
export const isHash = (value: FmValue): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && !Array.isArray(value);

interface Decimal {
  readonly negative: boolean;
  readonly whole: string; // no leading zeros except "0"
  readonly fraction: string;
}

/** The exact decimal digits of a JS number's shortest representation (what JSON.stringify sends). */
function toDecimal(value: number): Decimal {
  const text = String(Math.abs(value));
  const negative = value < 0;
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) throw new Error(`cannot format ${text}`);
  const [, intPart = '0', fracPart = '', exp = '0'] = match;
  const digits = intPart + fracPart;
  let point = intPart.length + Number(exp);
  let all = digits;
  if (point < 0) {
    all = '0'.repeat(-point) + all;
    point = 0;
  }
  if (point > all.length) all = all + '0'.repeat(point - all.length);
  const whole = all.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  return { negative, whole, fraction: all.slice(point).replace(/0+$/, '') };
}

/** Rounds to at most `digits` fraction digits, half-even, on the decimal text. */
function roundHalfEven(d: Decimal, digits: number): Decimal {
  if (d.fraction.length <= digits) return d;
  const kept = d.fraction.slice(0, digits);
  const rest = d.fraction.slice(digits);
  const first = rest.charCodeAt(0) - 48;
  const beyondHalf = first > 5 || (first === 5 && /[1-9]/.test(rest.slice(1)));
  const exactlyHalf = first === 5 && !/[1-9]/.test(rest.slice(1));
  const lastDigit =
    (kept.length > 0 ? kept : d.whole).charCodeAt((kept.length > 0 ? kept : d.whole).length - 1) - 48;
  const up = beyondHalf || (exactlyHalf && lastDigit % 2 === 1);
  if (!up) return { ...d, fraction: kept.replace(/0+$/, '') };
  const joined = (d.whole + kept).split('').map((c) => c.charCodeAt(0) - 48);
  let i = joined.length - 1;
  for (; i >= 0; i -= 1) {
    const digit = (joined[i] ?? 0) + 1;
    if (digit < 10) {
      joined[i] = digit;
      break;
    }
    joined[i] = 0;
  }
  if (i < 0) joined.unshift(1);
  const text = joined.join('');
  const wholeLength = text.length - kept.length;
  return {
    negative: d.negative,
    whole: text.slice(0, wholeLength).replace(/^0+(?=\d)/, '') || '0',
    fraction: text.slice(wholeLength).replace(/0+$/, ''),
  };
}

function render(d: Decimal, grouping: boolean): string {
  const whole = grouping ? d.whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : d.whole;
  const body = d.fraction.length > 0 ? `${whole}.${d.fraction}` : whole;
  // Java's DecimalFormat keeps the sign of a negative number that rounds to zero ("-0"), measured.
  return d.negative ? `-${body}` : body;
}

/** `?c`: computer format, never grouped. */
export function formatComputer(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'INF' : '-INF';
  return render(roundHalfEven(toDecimal(value), 16), false);
}

export type NumberFormat = 'computer' | 'number';

/** `${n}` and string coercion: the `number_format` setting ("number" is en_US "#,##0.###"). */
export function formatNumber(value: number, format: NumberFormat): string {
  if (format === 'computer') return formatComputer(value);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  return render(roundHalfEven(toDecimal(value), 3), true);
}

const hex4 = (code: number): string => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** FreeMarker's `?json_string` (StringUtil.jsStringEnc with json = true). */
export function jsonString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i] ?? '';
    const code = c.charCodeAt(0);
    if (code > 0x3e && code < 0x7f && c !== '\\') {
      out += c;
      continue;
    }
    if (c === ' ' || (code >= 0xa0 && code < 0x2028)) {
      out += c;
      continue;
    }
    if (code <= 0x1f) {
      const short = { 10: 'n', 13: 'r', 12: 'f', 8: 'b', 9: 't' }[code];
      out += short ? `\\${short}` : hex4(code);
    } else if (c === '"' || c === '\\') {
      out += `\\${c}`;
    } else if (c === '/' && (i === 0 || s[i - 1] === '<')) {
      out += '\\/';
    } else if (c === '>') {
      let dangerous: boolean;
      if (i === 0) dangerous = true;
      else {
        const prev = s[i - 1];
        if (prev === ']' || prev === '-') dangerous = i === 1 ? true : s[i - 2] === prev;
        else dangerous = false;
      }
      out += dangerous ? hex4(code) : c;
    } else if (c === '<') {
      const next = s[i + 1];
      const dangerous = i === s.length - 1 || next === '!' || next === '?';
      out += dangerous ? hex4(code) : c;
    } else if ((code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      out += hex4(code);
    } else {
      out += c;
    }
  }
  return out;
}

/** Java's String.trim(): removes characters up to U+0020 only. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end -= 1;
  return s.slice(start, end);
}

/** Java's Character.isWhitespace for one UTF-16 unit. */
export function isJavaWhitespace(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code === 0xa0 || code === 0x2007 || code === 0x202f) return false;
  if ((code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f)) return true;
  return /[\p{Zs}\p{Zl}\p{Zp}]/u.test(c);
}

export const isTrimmableToEmpty = (s: string): boolean => javaTrim(s).length === 0;
