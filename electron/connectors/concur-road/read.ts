// Small readers for FIS payloads. FIS field order is not guaranteed and values come as JSON numbers or as
// 8-decimal strings ("50.00000000", zero as "0E-8"), so every field is read by name and every number is
// kept as decimal text: nothing here does floating-point arithmetic.

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A collection that may come as an array, as one object (older samples), or not at all. */
export function records(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

/** A code or name as trimmed text; numbers become their text (account codes are typed Number in FISS). */
export function text(record: Json | undefined, key: string): string | undefined {
  const value = record?.[key];
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return numberText(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

/** Any JSON value as short text for an exception's `value`. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** A JSON number as plain decimal text (no exponent), or undefined when it has none. */
export function numberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const shown = value.toString();
  return /e/i.test(shown) ? undefined : shown;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;
const SCIENTIFIC = /^([+-]?)(\d+)(?:\.(\d+))?[eE]([+-]?\d{1,3})$/;

/**
 * A quantity as plain decimal text without trailing zeros ("2.00000000" -> "2", "0E-8" -> "0"), or
 * undefined when it is not a decimal. Quantities are not money; they stay text until QAD needs them.
 */
export function plainDecimal(value: unknown): string | undefined {
  const raw =
    typeof value === 'number' ? numberText(value) : typeof value === 'string' ? value.trim() : undefined;
  if (raw === undefined) return undefined;
  const decimal = DECIMAL.exec(raw);
  const scientific = decimal ? undefined : SCIENTIFIC.exec(raw);
  let sign: string;
  let whole: string;
  let fraction: string;
  if (decimal) {
    sign = decimal[1] === '-' ? '-' : '';
    whole = decimal[2] ?? '';
    fraction = decimal[3] ?? '';
  } else if (scientific) {
    // Shift the point by string manipulation (Java BigDecimal prints small values this way).
    sign = scientific[1] === '-' ? '-' : '';
    const digits = (scientific[2] ?? '') + (scientific[3] ?? '');
    const point = (scientific[2] ?? '').length + Number(scientific[4] ?? '0');
    const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
    const at = Math.max(point, 1);
    whole = padded.slice(0, at);
    fraction = padded.slice(at);
  } else {
    return undefined;
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  const body = fraction ? `${whole}.${fraction}` : whole;
  return body === '0' ? '0' : `${sign}${body}`;
}

/** A whole number (a sequence, a PO line number) from a number or a string such as "2" or "2.00000000". */
export function wholeNumber(value: unknown): number | undefined {
  const plain = plainDecimal(value);
  if (plain === undefined || plain.includes('.')) return undefined;
  const n = Number(plain);
  return Number.isSafeInteger(n) ? n : undefined;
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && !leap ? 28 : (DAYS[month - 1] ?? 0);
  return day <= max;
}

/**
 * An ISO date (YYYY-MM-DD) from the forms FIS uses: invoice dates as MM/DD/YYYY, expense dates as ISO
 * timestamps; plain ISO dates are accepted too. Undefined when the text is no real date.
 */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  let year: string | undefined;
  let month: string | undefined;
  let day: string | undefined;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(t);
  if (us) [, month, day, year] = us;
  else if (iso) [, year, month, day] = iso;
  if (!year || !month || !day) return undefined;
  if (!validDate(Number(year), Number(month), Number(day))) return undefined;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
