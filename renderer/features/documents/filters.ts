// The documents filter form turned into `documents/list` arguments, with a message per field a person got
// wrong (pure, tested in test/web/renderer-documents.test.ts).
import type { OperationArgs } from '../../../shared/contract/index.ts';
import type { DocumentState, Source } from '../../../shared/domain/document.ts';
import { isKnownCurrency, parseDecimal } from '../../../shared/domain/money.ts';

export interface DocumentFilters {
  readonly source: string;
  readonly state: string;
  readonly entity: string;
  readonly supplier: string;
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  readonly minAmount: string;
  readonly maxAmount: string;
  readonly search: string;
}

export const NO_DOCUMENT_FILTERS: DocumentFilters = {
  source: '',
  state: '',
  entity: '',
  supplier: '',
  currency: '',
  from: '',
  to: '',
  minAmount: '',
  maxAmount: '',
  search: '',
};

export type ListArgs = Omit<OperationArgs<'documents/list'>, 'offset' | 'limit'>;

export function filtersToArgs(filters: DocumentFilters): {
  args: ListArgs;
  errors: Partial<Record<keyof DocumentFilters, string>>;
} {
  const args: { -readonly [K in keyof ListArgs]: ListArgs[K] } = {};
  const errors: Partial<Record<keyof DocumentFilters, string>> = {};
  if (filters.source) args.source = filters.source as Source;
  if (filters.state) args.state = filters.state as DocumentState;
  const text = (key: 'entity' | 'supplier' | 'search', max: number) => {
    const value = filters[key].trim();
    if (!value) return;
    if (value.length > max) errors[key] = `At most ${max} characters`;
    else args[key] = value;
  };
  text('entity', 40);
  text('supplier', 80);
  text('search', 200);
  const currency = filters.currency.trim().toUpperCase();
  if (currency) {
    if (!/^[A-Z]{3}$/.test(currency)) errors.currency = 'A 3-letter code such as USD';
    else if (!isKnownCurrency(currency)) errors.currency = `${currency} is not a currency this app knows`;
    else args.currency = currency;
  }
  if (filters.from) args.from = filters.from;
  if (filters.to) args.to = filters.to;
  if (filters.from && filters.to && filters.from > filters.to) errors.to = 'Must not be before "From"';
  for (const [key, arg] of [
    ['minAmount', 'minAmountMinor'],
    ['maxAmount', 'maxAmountMinor'],
  ] as const) {
    const raw = filters[key].trim();
    if (!raw) continue;
    // Amounts in different currencies do not compare: a range needs its currency to know the decimals.
    if (!args.currency) {
      errors[key] = 'Choose a currency first';
      continue;
    }
    const parsed = parseDecimal(raw.replace(/[\s,']/g, ''), args.currency);
    if (parsed.ok) args[arg] = parsed.minor;
    else errors[key] = `Not an amount in ${args.currency}: ${parsed.reason}`;
  }
  if (
    args.minAmountMinor !== undefined &&
    args.maxAmountMinor !== undefined &&
    args.minAmountMinor > args.maxAmountMinor
  )
    errors.maxAmount = 'Must not be below the minimum';
  return { args, errors };
}
