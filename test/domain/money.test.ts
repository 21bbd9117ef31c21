// Money is where a bug costs real money: amounts parse and format by string manipulation only, for every
// currency exponent, and nothing is ever rounded away silently.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatDecimal, parseDecimal, sumMinor } from '../../shared/domain/money.ts';

const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD', 'GBP', 'CHF', 'BHD', 'KRW'];

describe('money', () => {
  it('formats and parses back every safe amount in every currency exactly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCIES),
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        (currency, minor) => {
          const text = formatDecimal(minor, currency);
          expect(parseDecimal(text, currency)).toEqual({ ok: true, minor });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('uses each currency exponent', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(formatDecimal(1234, 'JPY')).toBe('1234');
    expect(formatDecimal(-5, 'USD')).toBe('-0.05');
    expect(formatDecimal(1, 'KWD')).toBe('0.001');
    expect(parseDecimal('1234.5', 'USD')).toEqual({ ok: true, minor: 123450 });
  });

  it('refuses to round: more decimals than the currency has are an error unless they are zeros', () => {
    expect(parseDecimal('10.005', 'USD').ok).toBe(false);
    expect(parseDecimal('10.000', 'USD')).toEqual({ ok: true, minor: 1000 });
    expect(parseDecimal('1.5', 'JPY').ok).toBe(false);
  });

  it('reads Java BigDecimal scientific forms (Concur sends zero as "0E-8")', () => {
    expect(parseDecimal('0E-8', 'USD')).toEqual({ ok: true, minor: 0 });
    expect(parseDecimal('1.5E+2', 'EUR')).toEqual({ ok: true, minor: 15000 });
    expect(parseDecimal('-2.5E-1', 'USD')).toEqual({ ok: true, minor: -25 });
  });

  it('accepts JSON numbers only when they are exact decimals, never NaN, Infinity or exponent forms', () => {
    expect(parseDecimal(12.5, 'USD')).toEqual({ ok: true, minor: 1250 });
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1e21, 1e-7])
      expect(parseDecimal(bad, 'USD').ok).toBe(false);
  });

  it('names what is wrong with a bad amount', () => {
    expect(parseDecimal('12,50', 'USD')).toEqual({ ok: false, reason: '"12,50" is not a decimal amount' });
    expect(parseDecimal('10', 'XYZ')).toEqual({ ok: false, reason: 'unknown currency "XYZ"' });
    expect(parseDecimal('99999999999999999999', 'USD')).toMatchObject({ ok: false });
  });

  it('sums without leaving the safe-integer range', () => {
    expect(sumMinor([1, 2, -3])).toBe(0);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(/out of range/);
  });
});
