// Display formatting. Amounts go minor units -> exact decimal string (shared/domain/money.ts) -> Intl, which
// formats decimal strings exactly, so no amount passes through floating point on its way to the screen.
import { currencyExponent, formatDecimal } from '../shared/domain/money.ts';

type Decimal = `${number}`;

function decimalOf(minor: number, currency: string): { decimal: Decimal; exponent: number } | undefined {
  const exponent = currencyExponent(currency);
  if (exponent === undefined || !Number.isSafeInteger(minor)) return undefined;
  return { decimal: formatDecimal(minor, currency) as Decimal, exponent };
}

/** "1,234.56" in the user's locale with the currency's own number of decimals (JPY none, KWD three). */
export function formatAmount(minor: number, currency: string, locale?: string): string {
  const value = decimalOf(minor, currency);
  if (value === undefined) return `${minor} (minor units)`;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: value.exponent,
    maximumFractionDigits: value.exponent,
  }).format(value.decimal);
}

/** "USD 1,234.56": the ISO code, never an ambiguous "$". */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const value = decimalOf(minor, currency);
  if (value === undefined) return `${minor} ${currency} (minor units)`;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
    minimumFractionDigits: value.exponent,
    maximumFractionDigits: value.exponent,
  }).format(value.decimal);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// A document date is a calendar date, not an instant: format it in UTC so it never shifts a day.
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDate(isoDate: string | undefined): string {
  if (!isoDate) return '—';
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : dateOnly.format(date);
}

/** "in 12 minutes", "3 hours ago". */
export function formatRelative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const diff = new Date(iso).getTime() - now;
  if (Number.isNaN(diff)) return '';
  const minutes = Math.round(diff / 60_000);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

export function humanize(value: string): string {
  const spaced = value.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}
