// toCanonical is pure: a report as our template renders it -> the canonical expense report, money exact in
// minor units, and every unreadable value an exception naming the field of the export.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromMinorUnits,
  toMinorUnits,
  type AmountUnit,
} from '../../../electron/connectors/expensify/amounts.ts';
import { expensifyToCanonical } from '../../../electron/connectors/expensify/to-canonical.ts';
import { currencyExponent } from '../../../shared/domain/money.ts';

type Expense = Record<string, unknown>;

function report(expenses: Expense[], over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    reportID: 'R0AbCdEfGhIj',
    reportName: 'Trip to Stuttgart',
    policyID: '0123456789ABCDEF',
    submitterEmail: 'Ana.Becker@Meridian.example',
    status: 'Approved',
    created: '2026-10-01 08:00:00',
    submitted: '2026-10-02 10:00:00',
    approved: '2026-10-03 14:00:00',
    currency: 'USD',
    total: null,
    expenses,
    ...over,
  });
}

const line = (over: Expense = {}): Expense => ({
  transactionID: '6720309558248016',
  created: '2026-09-30',
  merchant: 'Uber',
  amount: 1250,
  modifiedAmount: null,
  convertedAmount: null,
  currency: 'USD',
  category: 'Taxi',
  categoryGlCode: '6130',
  tag: 'ASSY-10USA',
  tagGlCode: 'ASSY-10USA',
  comment: 'Airport',
  reimbursable: true,
  billable: false,
  ...over,
});

const map = (payload: string, amountUnit: AmountUnit = 'cents') =>
  expensifyToCanonical({ sourceId: 'R0AbCdEfGhIj', kind: 'expense_report', payload }, { amountUnit });

describe('expensifyToCanonical', () => {
  it('maps a report: payee = submitter email, source entity = policy id, coding kept per line', () => {
    const { document, exceptions } = map(
      report([line(), line({ merchant: 'Hilton', amount: 18999, category: 'Lodging' })]),
    );
    expect(exceptions).toEqual([]);
    expect(document).toMatchObject({
      source: 'expensify',
      sourceId: 'R0AbCdEfGhIj',
      kind: 'expense_report',
      sourceEntity: '0123456789ABCDEF',
      currency: 'USD',
      totalMinor: 20249,
      documentDate: '2026-10-03',
      payee: { kind: 'employee', code: 'ana.becker@meridian.example' },
    });
    expect(document?.lines[0]).toMatchObject({
      lineNo: 1,
      description: 'Uber',
      amountMinor: 1250,
      source: {
        category: 'Taxi',
        tag: 'ASSY-10USA',
        merchant: 'Uber',
        comment: 'Airport',
        accountCode: '6130',
      },
    });
  });

  it('round-trips random amounts in every currency exactly, in both amount units (no floating point)', () => {
    const currencies = ['USD', 'EUR', 'JPY', 'KWD', 'CHF', 'KRW', 'BHD', 'GBP'];
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.constantFrom<AmountUnit>('cents', 'currency_minor'),
        fc.array(fc.integer({ min: -9_000_000_000_000, max: 9_000_000_000_000 }), {
          minLength: 1,
          maxLength: 6,
        }),
        (currency, unit, raw) => {
          const exponent = currencyExponent(currency) ?? 2;
          // In cents a 3-decimal currency can only carry whole tenths of its minor unit.
          const minors = raw.map((m) => (unit === 'cents' && exponent === 3 ? m - (m % 10) : m));
          const wire = minors.map((m) => fromMinorUnits(m, currency, unit));
          const { document, exceptions } = map(
            report(
              wire.map((amount) => line({ amount, currency })),
              { currency },
            ),
            unit,
          );
          expect(exceptions).toEqual([]);
          expect(document?.lines.map((l) => l.amountMinor)).toEqual(minors);
          expect(document?.totalMinor).toBe(minors.reduce((a, b) => a + b, 0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps credits (negative lines) with their sign', () => {
    const { document, exceptions } = map(
      report([line({ amount: 10_000 }), line({ amount: -2_500, merchant: 'Refund' })]),
    );
    expect(exceptions).toEqual([]);
    expect(document?.lines.map((l) => l.amountMinor)).toEqual([10_000, -2_500]);
    expect(document?.totalMinor).toBe(7_500);
  });

  it('reads JPY: Expensify cents are hundredths of a yen, so 123400 is 1234 yen; a fraction of a yen is refused', () => {
    const jpy = (amount: unknown) => map(report([line({ amount, currency: 'JPY' })], { currency: 'JPY' }));
    expect(jpy(123_400).document?.lines[0]?.amountMinor).toBe(1234);
    expect(jpy(123_400).exceptions).toEqual([]);
    const bad = jpy(123_450);
    expect(bad.exceptions).toEqual([
      expect.objectContaining({
        field: 'expenses[0].amount',
        message: expect.stringContaining('not a whole amount of JPY') as string,
      }),
    ]);
    // With the simulator's unit the same number is already yen.
    expect(
      map(report([line({ amount: 1234, currency: 'JPY' })], { currency: 'JPY' }), 'currency_minor').document
        ?.totalMinor,
    ).toBe(1234);
  });

  it('posts foreign-currency lines at their converted amount and keeps the original beside it', () => {
    const { document, exceptions } = map(
      report([line({ amount: 1234, currency: 'GBP', convertedAmount: 1567, merchant: 'Heathrow Express' })]),
    );
    expect(exceptions).toEqual([]);
    expect(document?.lines[0]).toMatchObject({
      amountMinor: 1567,
      source: { originalCurrency: 'GBP', originalAmount: '12.34' },
    });
    // JPY original in a EUR report (cents unit): 250000 hundredths = 2500 yen.
    const yen = map(
      report([line({ amount: 250_000, currency: 'JPY', convertedAmount: 1550 })], { currency: 'EUR' }),
    );
    expect(yen.document?.lines[0]).toMatchObject({
      amountMinor: 1550,
      source: { originalCurrency: 'JPY', originalAmount: '2500' },
    });
  });

  it('prefers convertedAmount, then modifiedAmount, then amount (Expensify own precedence)', () => {
    expect(map(report([line({ amount: 1000, modifiedAmount: 900 })])).document?.totalMinor).toBe(900);
    expect(
      map(report([line({ amount: 1000, modifiedAmount: 900, convertedAmount: 950 })])).document?.totalMinor,
    ).toBe(950);
  });

  it('names the field of every unreadable value', () => {
    const fields = (payload: string) => map(payload).exceptions.map((e) => e.field);
    expect(fields(report([line({ currency: 'GBP', convertedAmount: null })]))).toEqual([
      'expenses[0].convertedAmount',
    ]);
    expect(fields(report([line()], { currency: 'XYZ' }))).toContain('currency');
    expect(fields(report([line(), line({ category: '' })]))).toEqual(['expenses[1].category']);
    expect(fields(report([line({ amount: '12,50' })]))).toEqual(['expenses[0].amount']);
    expect(fields(report([line({ amount: 12.5 })]))).toEqual(['expenses[0].amount']);
    expect(fields(report([line({ currency: 'ABC' })]))).toEqual(['expenses[0].currency']);
    expect(fields(report([]))).toEqual(['expenses']);
    expect(fields(report([line()], { submitterEmail: '' }))).toEqual(['submitterEmail']);
    expect(fields('<html>oops</html>')).toEqual(['payload']);
    const unknown = map(report([line()], { currency: 'XYZ' })).exceptions.find((e) => e.field === 'currency');
    expect(unknown).toMatchObject({
      cause: 'invalid_document',
      value: 'XYZ',
      message: expect.stringContaining('"XYZ"') as string,
    });
    const nonNumeric = map(report([line({ amount: '12,50' })])).exceptions[0];
    expect(nonNumeric?.message).toContain('is not a number');
  });

  it('still returns the readable document beside the exceptions, so a person sees it', () => {
    const { document, exceptions } = map(report([line(), line({ category: '' })]));
    expect(exceptions).toHaveLength(1);
    expect(document?.lines).toHaveLength(2);
  });

  it('refuses amounts beyond exact integers', () => {
    expect(toMinorUnits(2 ** 60, 'USD', 'cents')).toMatchObject({ ok: false });
    expect(toMinorUnits('90071992547409931', 'USD', 'cents')).toMatchObject({ ok: false });
    expect(toMinorUnits(-5, 'KWD', 'cents')).toEqual({ ok: true, minor: -50 });
  });
});
