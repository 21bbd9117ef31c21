// Property: whatever form FIS sends an amount in (a JSON number, a plain decimal string, an 8-decimal
// string, "0E-8" for zero), the mapper yields exactly the minor units it stands for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatDecimal, sumMinor } from '../../../shared/domain/money.ts';
import { concurToCanonical } from '../../../electron/connectors/concur-road/index.ts';

type Style = 'number' | 'string' | 'padded';

/** An amount on the wire. The number form is built from the finished decimal text (display, not arithmetic). */
function wire(minor: number, currency: string, style: Style): string | number {
  const plain = formatDecimal(minor, currency);
  if (style === 'number') return Number(plain);
  if (style === 'string') return plain;
  if (minor === 0) return '0E-8';
  const [whole, fraction = ''] = plain.split('.');
  return `${whole}.${fraction.padEnd(8, '0')}`;
}

const currency = fc.constantFrom('USD', 'EUR', 'JPY', 'KWD');
const style = fc.constantFrom<Style>('number', 'string', 'padded');
// JSON numbers are exact only up to 15 significant digits; strings go further.
const line = fc.record({ minor: fc.integer({ min: 0, max: 99_999_999_999_999 }), style });

function invoiceWith(code: string, lines: { minor: number; style: Style }[], totalStyle: Style): string {
  const total = sumMinor(lines.map((l) => l.minor));
  return JSON.stringify({
    id: 'A'.repeat(32),
    docType: 'invoice',
    docStatus: 'READY',
    document: {
      requestHeader: {
        requestId: 'RQ1',
        currencyAlphaCode: code,
        requestTotal: wire(total, code, totalStyle),
        invoiceDate: '11/05/2026',
        ledgerCode: 'US01',
      },
      vendor: { vendorCode: 'S-1' },
      lineItem: lines.map((l, n) => ({
        lineItemSequenceOrder: n + 1,
        allocation: [
          { allocationAccountCode: '6200', journal: { amountGross: wire(l.minor, code, l.style) } },
        ],
      })),
    },
  });
}

describe('FIS amounts -> exact minor units (property)', () => {
  it('reads every amount form to the exact minor unit, and the lines add up to the header', () => {
    fc.assert(
      fc.property(
        currency,
        fc.array(line, { minLength: 1, maxLength: 6 }),
        style,
        (code, lines, totalStyle) => {
          const result = concurToCanonical({
            sourceId: 'A'.repeat(32),
            kind: 'invoice',
            payload: invoiceWith(code, lines, totalStyle),
          });
          expect(result.exceptions).toEqual([]);
          expect(result.document?.lines.map((l) => l.amountMinor)).toEqual(lines.map((l) => l.minor));
          expect(result.document?.totalMinor).toBe(sumMinor(lines.map((l) => l.minor)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an amount with a non-zero digit beyond the currency exponent instead of rounding it', () => {
    fc.assert(
      fc.property(
        currency,
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 1, max: 9 }),
        (code, minor, extra) => {
          const exponent = currencyExponent(code) ?? 2;
          const plain = formatDecimal(minor, code);
          const tooFine = `${plain}${exponent === 0 ? '.' : ''}${extra}`;
          const payload = JSON.parse(invoiceWith(code, [{ minor, style: 'string' }], 'string')) as {
            document: { lineItem: { allocation: { journal: { amountGross: unknown } }[] }[] };
          };
          const first = payload.document.lineItem[0]?.allocation[0];
          if (first) first.journal.amountGross = tooFine;
          const result = concurToCanonical({
            sourceId: 'A'.repeat(32),
            kind: 'invoice',
            payload: JSON.stringify(payload),
          });
          expect(result.exceptions.map((e) => e.field)).toContain(
            'lineItem[0].allocation[0].journal.amountGross',
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
