// Expensify amounts -> integer minor units of their currency, in integers only (BigInt), never through
// floating point. Expensify's docs say every amount is "integer cents"; its own app code says the backend keeps
// every currency in 1/100 units, so JPY 1000 arrives as 100000 and KWD 1.234 as 123.4 (not representable:
// Expensify rounds 3-decimal currencies to 2). Unconfirmed for the Integration Server, hence the setting
// `expensify.amountUnit`: 'cents' (default) or 'currency_minor' (what the sandbox simulator sends).
import { currencyExponent } from '../../../shared/domain/money.ts';

export type AmountUnit = 'cents' | 'currency_minor';

export type AmountResult =
  { readonly ok: true; readonly minor: number } | { readonly ok: false; readonly reason: string };

/** Reads an amount as the export carries it: a JSON integer, or a string of digits (loose typing live). */
export function readInteger(value: unknown): { ok: true; value: bigint } | { ok: false; reason: string } {
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      return { ok: false, reason: `${String(value)} is not a whole number of cents` };
    if (!Number.isSafeInteger(value))
      return { ok: false, reason: `${String(value)} is too large to be exact` };
    return { ok: true, value: BigInt(value) };
  }
  if (typeof value === 'string' && /^[+-]?\d{1,20}$/.test(value.trim())) {
    const big = BigInt(value.trim());
    if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER))
      return { ok: false, reason: `${value} is too large to be exact` };
    return { ok: true, value: big };
  }
  if (value === null || value === undefined || value === '') return { ok: false, reason: 'it is missing' };
  return { ok: false, reason: `${JSON.stringify(value)} is not a number` };
}

/** Converts one amount in `unit` to minor units of `currency`, refusing anything that is not exact. */
export function toMinorUnits(value: unknown, currency: string, unit: AmountUnit): AmountResult {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return { ok: false, reason: `currency "${currency}" is not known` };
  const read = readInteger(value);
  if (!read.ok) return read;
  if (unit === 'currency_minor') return { ok: true, minor: Number(read.value) };
  // cents = 1/100 of the currency unit whatever the currency's own exponent.
  const shift = exponent - 2;
  let minor: bigint;
  if (shift >= 0) {
    minor = read.value * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (read.value % divisor !== 0n)
      return {
        ok: false,
        reason: `${read.value} hundredths is not a whole amount of ${currency} (which has ${exponent} decimals)`,
      };
    minor = read.value / divisor;
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER))
    return { ok: false, reason: `${read.value} is too large to be exact` };
  return { ok: true, minor: Number(minor) };
}

/** The inverse, for tests and for amounts we send (none today): minor units -> the export's unit. */
export function fromMinorUnits(minor: number, currency: string, unit: AmountUnit): number {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new Error(`currency "${currency}" is not known`);
  if (!Number.isSafeInteger(minor)) throw new Error(`${minor} is not an integer of minor units`);
  if (unit === 'currency_minor') return minor;
  const shift = exponent - 2;
  const big = BigInt(minor);
  const value = shift >= 0 ? big / 10n ** BigInt(shift) : big * 10n ** BigInt(-shift);
  if (shift > 0 && big % 10n ** BigInt(shift) !== 0n)
    throw new Error(`${minor} minor units of ${currency} are not a whole number of hundredths`);
  return Number(value);
}
