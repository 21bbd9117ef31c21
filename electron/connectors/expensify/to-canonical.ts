// PURE: one report as our export template renders it (template.ftl, staged verbatim as the raw payload) ->
// the canonical expense report. Never throws: what cannot be read becomes an exception naming the field of
// the export (`currency`, `expenses[2].amount`, `expenses[0].category`), and the readable rest is returned so
// a person sees it.
//
// - Amounts: integer cents -> minor units of the currency (amounts.ts; the unit is a setting).
// - Line amount in the report currency, by Expensify's own precedence (help article):
//   convertedAmount, else modifiedAmount, else amount. A line in another currency needs convertedAmount
//   (the other two are in the line's currency); its own amount and currency are kept in the line's
//   source coding. Credits (negative amounts) are kept with their sign: Expensify documents no sign
//   convention (research/expensify.md 4, 13), so none is imposed.
// - Coding: category -> GL account by mapping, else the category's GL code from Expensify (which our policy
//   push fills from QAD); tag -> cost center, by the tag's GL code when Expensify has one, else its name.
// - Payee: the submitter's email (an employee, resolved to a QAD supplier by the employee mapping).
// - Source entity: the policy id (resolved to a QAD entity by the entity mapping).
// - Document date: the approval date (when the company took the liability), else submitted, else created.
import type { CanonicalDocument, DocumentLine } from '../../../shared/domain/document.ts';
import type { DocumentException } from '../../../shared/domain/exception.ts';
import { formatDecimal, isKnownCurrency, sumMinor } from '../../../shared/domain/money.ts';
import type { CanonicalResult, RawSourceItem } from '../../sync/source-port.ts';
import { toMinorUnits, type AmountUnit } from './amounts.ts';

export interface ToCanonicalOptions {
  readonly amountUnit: AmountUnit;
}

type Json = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
const present = (value: unknown): boolean => value !== null && value !== undefined && value !== '';
const ISO_DAY = /^(\d{4}-\d{2}-\d{2})/;

function day(value: unknown): string | undefined {
  const match = ISO_DAY.exec(text(value));
  if (!match?.[1]) return undefined;
  const date = new Date(`${match[1]}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === match[1] ? match[1] : undefined;
}

function parsePayload(payload: string): Json | string {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch (error) {
    return `The staged Expensify report is not JSON (${error instanceof Error ? error.message : String(error)}).`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'The staged Expensify report is not a JSON object.';
  return value as Json;
}

export function expensifyToCanonical(item: RawSourceItem, options: ToCanonicalOptions): CanonicalResult {
  const parsed = parsePayload(item.payload);
  if (typeof parsed === 'string')
    return { exceptions: [{ cause: 'invalid_document', field: 'payload', message: parsed }] };
  const report = parsed;
  const exceptions: DocumentException[] = [];
  const fail = (field: string, message: string, value?: string): void => {
    exceptions.push({
      cause: 'invalid_document',
      field,
      message,
      ...(value !== undefined && value !== '' ? { value } : {}),
    });
  };

  const reportId = text(report.reportID);
  if (reportId !== item.sourceId)
    fail(
      'reportID',
      `The report id "${reportId}" does not match the staged id "${item.sourceId}".`,
      reportId,
    );
  const policyId = text(report.policyID);
  if (!policyId) fail('policyID', 'The report names no policy, so no QAD entity can be chosen.');
  const currency = text(report.currency).toUpperCase();
  const currencyKnown = isKnownCurrency(currency);
  if (!currency) fail('currency', 'The report has no currency.');
  else if (!currencyKnown)
    fail('currency', `The report currency "${currency}" is not a known ISO 4217 currency.`, currency);
  const submitter = text(report.submitterEmail).toLowerCase();
  if (!submitter) fail('submitterEmail', 'The report names no submitter email, so no employee can be paid.');
  const documentDate = day(report.approved) ?? day(report.submitted) ?? day(report.created);
  if (!documentDate)
    fail(
      'approved',
      'The report has no readable approval, submission or creation date (yyyy-mm-dd).',
      text(report.approved),
    );

  const expenses = Array.isArray(report.expenses) ? report.expenses : undefined;
  if (!expenses) fail('expenses', 'The report carries no expense list.');
  else if (expenses.length === 0) fail('expenses', 'The report has no expenses.');

  const lines: DocumentLine[] = [];
  (expenses ?? []).forEach((raw, index) => {
    const at = `expenses[${index}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      fail(at, `Expense ${index + 1} is not an object.`);
      return;
    }
    const e = raw as Json;
    const merchant = text(e.modifiedMerchant) || text(e.merchant);
    const label = `Expense ${index + 1}${merchant ? ` (${merchant})` : ''}`;
    const lineCurrency = text(e.currency).toUpperCase() || currency;
    const category = text(e.category);
    if (!category) fail(`${at}.category`, `${label} has no category, so no QAD GL account can be chosen.`);

    const foreign = lineCurrency !== currency;
    let amountMinor = 0;
    let original: { minor: number; currency: string } | undefined;
    if (!isKnownCurrency(lineCurrency)) {
      fail(
        `${at}.currency`,
        `${label} is in "${lineCurrency}", which is not a known ISO 4217 currency.`,
        lineCurrency,
      );
    } else {
      const own = present(e.modifiedAmount) ? 'modifiedAmount' : 'amount';
      const ownAmount = toMinorUnits(e[own], lineCurrency, options.amountUnit);
      if (!ownAmount.ok) fail(`${at}.${own}`, `${label}: the amount ${ownAmount.reason}.`, text(e[own]));
      else if (foreign) original = { minor: ownAmount.minor, currency: lineCurrency };
      if (foreign) {
        if (!present(e.convertedAmount)) {
          fail(
            `${at}.convertedAmount`,
            `${label} is in ${lineCurrency} but has no amount converted into the report currency ${currency}.`,
          );
        } else if (currencyKnown) {
          const converted = toMinorUnits(e.convertedAmount, currency, options.amountUnit);
          if (converted.ok) amountMinor = converted.minor;
          else
            fail(
              `${at}.convertedAmount`,
              `${label}: the converted amount ${converted.reason}.`,
              text(e.convertedAmount),
            );
        }
      } else if (present(e.convertedAmount) && currencyKnown) {
        const converted = toMinorUnits(e.convertedAmount, currency, options.amountUnit);
        if (converted.ok) amountMinor = converted.minor;
        else
          fail(
            `${at}.convertedAmount`,
            `${label}: the converted amount ${converted.reason}.`,
            text(e.convertedAmount),
          );
      } else if (ownAmount.ok) {
        amountMinor = ownAmount.minor;
      }
    }

    const coding: Record<string, string> = {};
    const put = (key: string, value: unknown): void => {
      const v = text(value);
      if (v) coding[key] = v;
    };
    put('category', category);
    put('tag', e.tag);
    put('merchant', merchant);
    put('comment', e.comment);
    // The GL codes Expensify holds for the category and tag (our policy push writes QAD codes there).
    put('accountCode', e.categoryGlCode);
    put('costObject', e.tagGlCode);
    put('transactionID', e.transactionID);
    put('externalID', e.externalID);
    put('date', day(e.modifiedCreated) ?? day(e.created));
    if (original) {
      coding.originalCurrency = original.currency;
      coding.originalAmount = formatDecimal(original.minor, original.currency);
    }
    coding.reimbursable = e.reimbursable === false || e.reimbursable === 'false' ? 'false' : 'true';
    coding.billable = e.billable === true || e.billable === 'true' ? 'true' : 'false';
    // Non-reimbursable expenses were paid with a company card (settings posting.cardClearingAccount).
    coding.paymentType = coding.reimbursable === 'false' ? 'company' : 'employee';
    lines.push({
      lineNo: index + 1,
      description: merchant || category || `Expense ${index + 1}`,
      amountMinor,
      source: coding,
    });
  });

  let totalMinor = 0;
  try {
    totalMinor = sumMinor(lines.map((l) => l.amountMinor));
  } catch {
    fail('total', 'The expenses add up to an amount too large to be exact.');
  }

  if (!reportId) return { exceptions };
  const document: CanonicalDocument = {
    source: 'expensify',
    sourceId: reportId,
    kind: 'expense_report',
    sourceEntity: policyId,
    currency: currency || 'XXX',
    totalMinor,
    documentDate: documentDate ?? '1970-01-01',
    description: text(report.reportName) || `Expensify report ${reportId}`,
    payee: { kind: 'employee', code: submitter },
    lines,
  };
  return { document, exceptions };
}
