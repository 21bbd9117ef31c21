// Expensify data for the demo company, generated deterministically from a seed and the company's QAD master
// data so that codes agree: one policy per QAD entity (categories named as the company's expense categories
// with their GL account as glCode, tags = the entity's cost centers), the company's employees with their
// managers, and reports in every state. On purpose some lines do not map to QAD yet (a category without GL
// code, a retired or unknown cost center tag, an empty tag), some are credits, some in foreign currencies.
import { currencyExponent } from '../../../shared/domain/money.ts';
import type { DemoCompany, DemoEmployee } from '../demo/company.ts';
import { intBetween, pick, seededRandom, type Random } from '../random.ts';
import { policyId, reportId, transactionId } from './ids.ts';
import type { ReportState, SimEmployee, SimExpense, SimPolicy, SimReport } from './model.ts';

export interface ExpensifyDemoData {
  readonly policies: SimPolicy[];
  readonly employees: SimEmployee[];
  readonly reports: SimReport[];
}

const POLICY_NAMES: Readonly<Record<string, string>> = { '10USA': 'Meridian US', '20DEU': 'Meridian DE' };

/** Categories that exist in Expensify but have no QAD account yet (mapping exceptions in the demo). */
const UNMAPPED_CATEGORIES = [{ name: 'Client Entertainment', enabled: true }];

const MERCHANTS = [
  'Lufthansa',
  'United Airlines',
  'Hilton Garden Inn',
  'Marriott Stuttgart',
  'Uber',
  'Yellow Cab Dayton',
  'Staples',
  'Café "Zur Post"',
  "O'Hare Parking",
  'Bäckerei Müller',
  '東京ホテル',
  'Back\\slash Books',
  'Deutsche Bahn',
  'Shell',
  'Zoom Video',
  'Udemy',
];

const COMMENTS = [
  undefined,
  undefined,
  'Customer visit',
  'Team dinner with "Apex Fasteners"',
  'Line 1\nLine 2',
  'Übernachtung – Messe',
  'Tab\there',
];

/** Foreign currencies met on trips, with a rate into each report currency as an integer ratio (num/den). */
const FOREIGN: readonly { currency: string; toUSD: [number, number]; toEUR: [number, number] }[] = [
  { currency: 'GBP', toUSD: [127, 100], toEUR: [117, 100] },
  { currency: 'JPY', toUSD: [67, 10_000], toEUR: [62, 10_000] },
  { currency: 'CHF', toUSD: [113, 100], toEUR: [105, 100] },
];

const pad = (n: number): string => String(n).padStart(2, '0');

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Hour bands keep created < submitted < approved < reimbursed even on the same day. */
const stamp = (day: string, random: Random, band: 0 | 1 | 2 | 3): string =>
  `${day} ${pad(7 + band * 3 + intBetween(random, 0, 2))}:${pad(intBetween(random, 0, 59))}:${pad(intBetween(random, 0, 59))}`;

/** Converts minor units between currencies with an integer ratio, rounding half up, in integers only. */
function convert(amount: number, from: string, to: string, ratio: [number, number]): number {
  const fromExp = BigInt(currencyExponent(from) ?? 2);
  const toExp = BigInt(currencyExponent(to) ?? 2);
  const [num, den] = ratio;
  const numerator = BigInt(amount) * BigInt(num) * 10n ** toExp;
  const denominator = BigInt(den) * 10n ** fromExp;
  const negative = numerator < 0n;
  const magnitude = ((negative ? -numerator : numerator) * 2n + denominator) / (2n * denominator);
  return Number(negative ? -magnitude : magnitude);
}

export function generatePolicies(company: DemoCompany, random: Random): SimPolicy[] {
  return company.entities.map((entity) => {
    const owner = company.employees.find((e) => e.entity === entity.code);
    return {
      id: policyId(random),
      name: POLICY_NAMES[entity.code] ?? entity.name,
      type: 'corporate',
      role: 'admin',
      owner: owner?.email ?? `ap@${company.domain.toLowerCase()}.example`,
      outputCurrency: entity.currency,
      entity: entity.code,
      categories: [
        ...company.expenseCategories.map((c) => ({
          name: c.name,
          enabled: true,
          glCode: c.glAccount,
          payrollCode: '',
        })),
        ...UNMAPPED_CATEGORIES,
      ],
      tags: [
        {
          name: 'Cost Center',
          tags: company.costCenters
            .filter((c) => c.entity === entity.code)
            .map((c) => ({ name: c.code, enabled: c.active, glCode: c.code })),
        },
      ],
      reportFields: [{ name: 'Trip purpose', type: 'text' }],
    };
  });
}

function employeesFor(company: DemoCompany, policies: readonly SimPolicy[]): SimEmployee[] {
  return company.employees.map((e: DemoEmployee) => ({
    email: e.email,
    firstName: e.firstName,
    lastName: e.lastName,
    employeeID: e.id,
    ...(e.managerEmail ? { managerEmail: e.managerEmail } : {}),
    policyID: policies.find((p) => p.entity === e.entity)?.id ?? '',
    role: e.managerEmail ? 'user' : 'admin',
    customField1: e.id,
  }));
}

/** A repeating pattern guarantees every state appears even in small demos. */
const STATE_PATTERN: readonly ReportState[] = [
  'APPROVED',
  'REIMBURSED',
  'APPROVED',
  'SUBMITTED',
  'APPROVED',
  'REIMBURSED',
  'OPEN',
  'APPROVED',
  'ARCHIVED',
  'REIMBURSED',
];

function expenseLines(
  random: Random,
  policy: SimPolicy,
  employee: DemoEmployee,
  reportCurrency: string,
  day: string,
  index: number,
  creditSign: 1 | -1,
): SimExpense[] {
  const count = intBetween(random, 1, 5);
  const lines: SimExpense[] = [];
  const mapped = policy.categories.filter((c) => c.glCode);
  const tagLevel = policy.tags[0]?.tags ?? [];
  for (let i = 0; i < count; i += 1) {
    const n = index * 7 + i;
    const category =
      n % 13 === 5 ? (UNMAPPED_CATEGORIES[0]?.name ?? 'Client Entertainment') : pick(random, mapped).name;
    const tag =
      n % 17 === 3
        ? ''
        : n % 19 === 7
          ? 'XX-UNKNOWN'
          : n % 23 === 11
            ? (tagLevel.find((t) => !t.enabled)?.name ?? employee.costCenter)
            : employee.costCenter;
    const foreign = n % 9 === 4 ? pick(random, FOREIGN) : undefined;
    const currency = foreign?.currency ?? reportCurrency;
    const exponent = currencyExponent(currency) ?? 2;
    const whole = intBetween(random, 5, exponent === 0 ? 40_000 : 600);
    const cents = exponent === 0 ? 0 : intBetween(random, 0, 99);
    const magnitude = exponent === 0 ? whole : whole * 100 + cents;
    // A credit (refund) follows a charge in the same currency and never exceeds half of it, so totals stay positive.
    const first = lines[0];
    const isCredit =
      n % 11 === 6 && !foreign && first !== undefined && first.currency === currency && first.amount > 1;
    const amount = isCredit ? creditSign * Math.max(1, Math.floor((first?.amount ?? 2) / 2)) : magnitude;
    const comment = COMMENTS[Math.floor(random() * COMMENTS.length)];
    const line: SimExpense = {
      transactionID: transactionId(random),
      created: addDays(day, -intBetween(random, 0, 6)),
      inserted: `${day} 12:00:00`,
      merchant: isCredit ? `Refund — ${pick(random, MERCHANTS)}` : pick(random, MERCHANTS),
      amount,
      currency,
      category,
      tag,
      reimbursable: n % 8 !== 2,
      billable: n % 6 === 1,
      ...(comment !== undefined ? { comment } : {}),
      ...(n % 10 === 3 ? { externalID: `CARD-${transactionId(random).slice(0, 10)}` } : {}),
    };
    if (foreign) {
      const ratio = reportCurrency === 'EUR' ? foreign.toEUR : foreign.toUSD;
      line.convertedAmount = convert(amount, currency, reportCurrency, ratio);
    }
    if (n % 29 === 8) {
      line.modifiedMerchant = `${line.merchant} (edited)`;
      line.modifiedAmount = line.amount - (line.amount > 0 ? 100 : -100);
    }
    lines.push(line);
  }
  return lines;
}

export interface DemoReportOptions {
  readonly seed: number;
  readonly reportCount: number;
  readonly creditSign: 'negative' | 'positive';
  readonly preExportedLabel: string;
}

export function generateExpensifyDemo(company: DemoCompany, options: DemoReportOptions): ExpensifyDemoData {
  const random = seededRandom(options.seed);
  const policies = generatePolicies(company, random);
  const employees = employeesFor(company, policies);
  const reports: SimReport[] = [];
  const submitters = company.employees.filter((e) => e.managerEmail);
  for (let i = 0; i < options.reportCount && submitters.length > 0; i += 1) {
    const employee = pick(random, submitters);
    const policy = policies.find((p) => p.entity === employee.entity) ?? policies[0];
    if (!policy) break;
    const status = STATE_PATTERN[i % STATE_PATTERN.length] ?? 'APPROVED';
    const createdDay = addDays(company.asOf, -intBetween(random, 3, 45));
    const submittedDay = addDays(createdDay, intBetween(random, 0, 2));
    const approvedDay = addDays(submittedDay, intBetween(random, 0, 3));
    const reimbursedDay = addDays(approvedDay, intBetween(random, 1, 4));
    const expenses = expenseLines(
      random,
      policy,
      employee,
      policy.outputCurrency,
      createdDay,
      i,
      options.creditSign === 'negative' ? -1 : 1,
    );
    const report: SimReport = {
      reportID: reportId(random, i % 10 === 9),
      reportName: `${employee.firstName} ${employee.lastName} – ${pick(random, ['Trip', 'Expenses', 'Customer visit', 'Messe'])} ${createdDay.slice(0, 7)}`,
      policyID: policy.id,
      accountEmail: employee.email,
      ...(employee.managerEmail ? { managerEmail: employee.managerEmail } : {}),
      status,
      created: stamp(createdDay, random, 0),
      currency: policy.outputCurrency,
      expenses,
      exportedLabels: [],
    };
    if (status !== 'OPEN') report.submitted = stamp(submittedDay, random, 1);
    if (status === 'APPROVED' || status === 'REIMBURSED' || status === 'ARCHIVED')
      report.approved = stamp(approvedDay, random, 2);
    if (status === 'REIMBURSED' || status === 'ARCHIVED') report.reimbursed = stamp(reimbursedDay, random, 3);
    // A few approved reports were already exported by another integration with a different label.
    if (options.preExportedLabel && i % 12 === 5 && report.approved) {
      report.exportedLabels.push({ label: options.preExportedLabel, at: `${approvedDay}T18:00:00.000Z` });
    }
    reports.push(report);
  }
  return { policies, employees, reports };
}
