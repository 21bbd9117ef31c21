// The documents filter form: what reaches `documents/list`, and the message a person sees when a filter is wrong.
import { describe, expect, it } from 'vitest';
import { NO_DOCUMENT_FILTERS, filtersToArgs } from '../../renderer/features/documents/filters.ts';
import { formatWaiting } from '../../renderer/features/exceptions/waiting.ts';
import { releaseSentence } from '../../renderer/features/batches/release-sentence.ts';

describe('document filters', () => {
  it('turns amounts into minor units of the chosen currency', () => {
    const { args, errors } = filtersToArgs({
      ...NO_DOCUMENT_FILTERS,
      currency: 'jpy',
      minAmount: '1,000',
      maxAmount: '25000',
      search: '  INV-1 ',
    });
    expect(errors).toEqual({});
    expect(args).toEqual({ currency: 'JPY', minAmountMinor: 1000, maxAmountMinor: 25000, search: 'INV-1' });
    expect(
      filtersToArgs({ ...NO_DOCUMENT_FILTERS, currency: 'KWD', minAmount: '1.5' }).args.minAmountMinor,
    ).toBe(1500);
  });

  it('names each problem instead of sending it', () => {
    const { args, errors } = filtersToArgs({
      ...NO_DOCUMENT_FILTERS,
      currency: 'US',
      minAmount: '10',
      from: '2026-11-20',
      to: '2026-11-01',
      entity: 'x'.repeat(41),
    });
    expect(errors).toEqual({
      currency: 'A 3-letter code such as USD',
      minAmount: 'Choose a currency first',
      to: 'Must not be before "From"',
      entity: 'At most 40 characters',
    });
    expect(args.minAmountMinor).toBeUndefined();
    expect(
      filtersToArgs({ ...NO_DOCUMENT_FILTERS, currency: 'USD', minAmount: '1.234' }).errors.minAmount,
    ).toMatch(/more than 2 decimals/);
    expect(
      filtersToArgs({ ...NO_DOCUMENT_FILTERS, currency: 'USD', minAmount: '5', maxAmount: '4' }).errors
        .maxAmount,
    ).toBe('Must not be below the minimum');
  });
});

describe('words on the screens', () => {
  it('says how long an item waited', () => {
    expect(formatWaiting(30_000)).toBe('less than a minute');
    expect(formatWaiting(5 * 60_000)).toBe('5 minutes');
    expect(formatWaiting(61 * 60_000)).toBe('1 hour 1 minute');
    expect(formatWaiting((3 * 24 + 4) * 3_600_000)).toBe('3 days 4 hours');
  });

  it('repeats the count and total the person releases, in the batch currency', () => {
    expect(releaseSentence({ documentCount: 12, totalMinor: 1234567, currency: 'USD' })).toMatch(
      /^Release 12 documents totalling USD\s12,345\.67$/,
    );
    expect(releaseSentence({ documentCount: 1, totalMinor: 98000, currency: 'JPY' })).toMatch(
      /^Release 1 document totalling JPY\s98,000$/,
    );
  });
});
