// Money is integer minor units plus an ISO 4217 code. Amounts cross the wire as decimal strings and are
// parsed here by string manipulation only: no floating-point arithmetic ever touches an amount.

/** Minor-unit exponents. Currencies not listed are unknown: a document in one becomes an exception. */
const EXPONENTS: Readonly<Record<string, number>> = {
  // zero-decimal
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // three-decimal
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // two-decimal (the common ones a manufacturer meets)
  AED: 2,
  ARS: 2,
  AUD: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  COP: 2,
  CZK: 2,
  DKK: 2,
  EGP: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  MAD: 2,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  PEN: 2,
  PHP: 2,
  PLN: 2,
  RON: 2,
  RUB: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TRY: 2,
  TWD: 2,
  UAH: 2,
  USD: 2,
  ZAR: 2,
};

export function currencyExponent(currency: string): number | undefined {
  return EXPONENTS[currency];
}

export function isKnownCurrency(currency: string): boolean {
  return EXPONENTS[currency] !== undefined;
}

export interface Money {
  /** Integer amount in the currency's minor unit (cents for USD, yen for JPY, fils for KWD). */
  readonly minor: number;
  readonly currency: string;
}

export type ParseResult = { ok: true; minor: number } | { ok: false; reason: string };

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;
const SCIENTIFIC = /^([+-]?)(\d+)(?:\.(\d+))?[eE]([+-]?\d{1,3})$/;

/**
 * Java's BigDecimal prints some amounts in scientific form (Concur's FIS sends zero as "0E-8"): shift the
 * decimal point by string manipulation, never through a float.
 */
function expandScientific(text: string): string {
  const match = SCIENTIFIC.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exp = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exp);
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const intPart = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fracPart = padded.slice(at);
  return `${sign}${intPart}${fracPart ? `.${fracPart}` : ''}`;
}

/**
 * Parses a decimal string ("1234.50", "-3", "0.125") into minor units of `currency`.
 * Refuses more fractional digits than the currency has unless they are zeros, so nothing is rounded away.
 * Numbers are accepted only when they are safe integers after scaling (JSON payloads sometimes carry numbers).
 */
export function parseDecimal(value: string | number, currency: string): ParseResult {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return { ok: false, reason: `unknown currency "${currency}"` };
  const raw = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  if (raw === undefined) return { ok: false, reason: `"${String(value)}" is not a finite amount` };
  const text = expandScientific(raw);
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, reason: `"${text}" is not a decimal amount` };
  const [, sign, whole = '', fraction = ''] = match;
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  const dropped = fraction.slice(exponent);
  if (/[^0]/.test(dropped)) {
    return { ok: false, reason: `"${text}" has more than ${exponent} decimals for ${currency}` };
  }
  const digits = (whole + kept).replace(/^0+(?=\d)/, '');
  const magnitude = Number(digits);
  if (!Number.isSafeInteger(magnitude)) return { ok: false, reason: `"${text}" is too large` };
  return { ok: true, minor: sign === '-' && magnitude !== 0 ? -magnitude : magnitude };
}

function numberToPlainString(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  // toString() gives the shortest round-trip form; exponent forms (1e21, 1e-7) are not amounts we accept.
  const text = value.toString();
  return /e/i.test(text) ? undefined : text;
}

/** Formats minor units as a plain decimal string for the wire ("-12.30"), never through floating point. */
export function formatDecimal(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new Error(`unknown currency "${currency}"`);
  if (!Number.isSafeInteger(minor)) throw new Error(`amount ${minor} is not an integer of minor units`);
  const negative = minor < 0;
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** Sums minor units, refusing to leave the safe-integer range. */
export function sumMinor(values: readonly number[]): number {
  let total = 0;
  for (const value of values) {
    total += value;
    if (!Number.isSafeInteger(total)) throw new Error('amount total is out of range');
  }
  return total;
}
