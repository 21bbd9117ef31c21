// The UI's money display: minor units shown with each currency's own decimals, exactly, in the user's locale.
import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, formatMoney } from '../../renderer/format.ts';

describe('amounts on screen', () => {
  it('uses the currency exponent: USD 2, JPY 0, KWD 3', () => {
    expect(formatAmount(123456, 'USD', 'en-US')).toBe('1,234.56');
    expect(formatAmount(98000, 'JPY', 'en-US')).toBe('98,000');
    expect(formatAmount(12345, 'KWD', 'en-US')).toBe('12.345');
    expect(formatAmount(-5, 'USD', 'en-US')).toBe('-0.05');
  });

  it('follows the locale and names the currency by its ISO code', () => {
    expect(formatAmount(123456, 'EUR', 'de-DE')).toBe('1.234,56');
    expect(formatMoney(123456, 'USD', 'en-US').replace(/\s/g, ' ')).toBe('USD 1,234.56');
  });

  it('stays exact beyond what a float can hold in cents', () => {
    // 90 071 992 547 409.91 USD: every digit survives because the number never becomes a float.
    expect(formatAmount(9007199254740991, 'USD', 'en-US')).toBe('90,071,992,547,409.91');
  });

  it('shows an unknown currency as raw minor units rather than guessing', () => {
    expect(formatAmount(100, 'XYZ', 'en-US')).toBe('100 (minor units)');
  });

  it('never shifts a document date across a time zone', () => {
    // Formatted as a calendar date (UTC), so west of Greenwich it does not become 31 December 2025.
    expect(formatDate('2026-01-01')).toContain('2026');
    expect(formatDate('2026-01-01')).not.toContain('2025');
  });
});
