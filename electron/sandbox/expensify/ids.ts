// Expensify-shaped identifiers from a seeded generator: policy ids are 16 hex characters (some accounts have
// 17, section 13), report ids are "R" plus 11 letters and digits (older accounts: numeric-looking strings),
// transaction ids are 16 to 19 digits, export file names are `<basename><uuid>.<ext>`.
import type { Random } from '../random.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function chars(random: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(random() * alphabet.length)] ?? '0';
  return out;
}

export const policyId = (random: Random, length = 16): string => chars(random, '0123456789ABCDEF', length);

export const reportId = (random: Random, legacyNumeric = false): string =>
  legacyNumeric
    ? `${chars(random, '123456789', 1)}${chars(random, '0123456789', 7)}`
    : `R${chars(random, ALNUM, 11)}`;

export const transactionId = (random: Random): string =>
  `${chars(random, '123456789', 1)}${chars(random, '0123456789', 15)}`;

export function exportFileName(random: Random, basename: string, extension: string): string {
  const hex = (n: number): string => chars(random, '0123456789abcdef', n);
  return `${basename}${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}.${extension}`;
}
