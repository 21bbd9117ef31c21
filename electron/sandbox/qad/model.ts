// The one QAD business model behind both simulators (REST and QXtend): master data seeded from the demo
// company, purchase orders and their receipts, GL periods per entity, and every supplier invoice and journal
// entry ever accepted (duplicates included, so tests can count them per reference).
// Business rules follow research/qad.md section 3: receiver matching needs an unmatched receipt, posting
// dates must fall in an open period of the entity, codes must exist and be active, journals must balance,
// vouchers are assigned by the system, and a repeated supplier-invoice reference is only a warning.
import { formatDecimal, isKnownCurrency, sumMinor } from '../../../shared/domain/money.ts';
import type { DemoCompany } from '../demo/company.ts';
import type { SimClock } from '../clock.ts';
import {
  QAD_DEFAULT_AP_DAYBOOK,
  QAD_DEFAULT_INVOICE_STATUS_CODE,
  QAD_DEFAULT_JOURNAL_DAYBOOK,
  QAD_DEFAULT_NON_PO_INVOICE_STATUS_CODE,
} from '../../connectors/qad/defaults.ts';
import type {
  InvoiceInput,
  InvoiceQuery,
  JournalInput,
  JournalQuery,
  MatchedReceipt,
  QadAccount,
  QadCodeRecord,
  QadCostCenter,
  QadEntity,
  QadIssue,
  QadPeriod,
  QadPurchaseOrder,
  QadReceipt,
  QadResult,
  QadSupplier,
  ReceiveInput,
  StoredInvoice,
  StoredJournal,
} from './model-types.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Quantities are compared in millionths so 0.1 + 0.2 style drift never decides a match.
const q = (value: number): number => Math.round(value * 1_000_000);
const fromQ = (value: number): number => value / 1_000_000;

const error = (code: string, field: string, message: string, data?: string): QadIssue =>
  data === undefined
    ? { severity: 'error', code, field, message }
    : { severity: 'error', code, field, message, data };

export interface CodeChecks {
  readonly entity: string;
  readonly prefix: string;
  readonly account: string;
  readonly subAccount?: string | undefined;
  readonly costCenter?: string | undefined;
  readonly project?: string | undefined;
}

export class QadModel {
  readonly entities: QadEntity[];
  readonly suppliers: QadSupplier[];
  readonly accounts: QadAccount[];
  readonly subAccounts: QadCodeRecord[];
  readonly costCenters: QadCostCenter[];
  readonly projects: QadCodeRecord[];
  readonly periods: QadPeriod[];
  readonly purchaseOrders: QadPurchaseOrder[];
  readonly receipts: QadReceipt[];
  readonly invoices: StoredInvoice[] = [];
  readonly journals: StoredJournal[] = [];
  private readonly clock: SimClock | undefined;
  private readonly vouchers = new Map<string, number>();
  private nextId = 1;
  private nextReceiver: number;

  constructor(company: DemoCompany, clock?: SimClock) {
    this.clock = clock;
    this.entities = company.entities.map((e) => ({
      code: e.code,
      name: e.name,
      currency: e.currency,
      domain: e.domain,
    }));
    this.suppliers = company.suppliers.map((s) => ({ ...s }));
    this.accounts = company.accounts.map((a) => ({ ...a }));
    this.subAccounts = company.subAccounts.map((s) => ({ ...s }));
    this.costCenters = company.costCenters.map((c) => ({ ...c }));
    this.projects = company.projects.map((p) => ({ ...p }));
    this.periods = company.periods.map((p) => ({ ...p }));
    this.purchaseOrders = company.purchaseOrders.map((po) => ({
      number: po.number,
      domain: company.entities.find((e) => e.code === po.entity)?.domain ?? company.domain,
      entity: po.entity,
      supplier: po.supplier,
      currency: po.currency,
      orderDate: po.orderDate,
      closed: false,
      lines: po.lines.map((l) => ({
        line: l.line,
        item: l.item,
        description: l.description,
        quantityOrdered: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        glAccount: l.glAccount,
        costCenter: l.costCenter,
      })),
    }));
    this.receipts = company.receipts.map((r) => ({ ...r, matchedQuantity: 0 }));
    const highest = this.receipts.reduce(
      (max, r) => Math.max(max, Number(r.receiver.replace(/\D/g, '')) || 0),
      0,
    );
    this.nextReceiver = Math.max(highest + 1, 60000);
  }

  today(): string {
    return new Date(this.clock ? this.clock.now() : Date.now()).toISOString().slice(0, 10);
  }

  private nowIso(): string {
    return this.clock ? this.clock.nowIso() : new Date().toISOString();
  }

  // ----------------------------------------------------------------------------------------- look-ups

  entity(code: string): QadEntity | undefined {
    return this.entities.find((e) => e.code === code);
  }

  purchaseOrder(number: string): QadPurchaseOrder | undefined {
    return this.purchaseOrders.find((po) => po.number === number);
  }

  receivedQuantity(poNumber: string, line: number): number {
    return fromQ(
      this.receipts
        .filter((r) => r.poNumber === poNumber && r.poLine === line)
        .reduce((sum, r) => sum + q(r.quantity), 0),
    );
  }

  /** Receipts with quantity not yet matched by an invoice (the "unvouchered receipts"). */
  openReceipts(poNumber?: string): QadReceipt[] {
    return this.receipts.filter(
      (r) => (poNumber === undefined || r.poNumber === poNumber) && q(r.quantity) > q(r.matchedQuantity),
    );
  }

  periodFor(entity: string, date: string): QadPeriod | undefined {
    return this.periods.find((p) => p.entity === entity && p.start <= date && date <= p.end);
  }

  findInvoices(query: InvoiceQuery): StoredInvoice[] {
    return this.invoices.filter(
      (i) =>
        (query.description === undefined || i.description === query.description) &&
        (query.reference === undefined || i.reference === query.reference) &&
        (query.supplier === undefined || i.supplier === query.supplier) &&
        (query.entity === undefined || i.entity === query.entity),
    );
  }

  findJournals(query: JournalQuery): StoredJournal[] {
    return this.journals.filter(
      (j) =>
        (query.description === undefined || j.description === query.description) &&
        (query.entity === undefined || j.entity === query.entity),
    );
  }

  // ------------------------------------------------------------------------------------ test helpers

  setPeriodStatus(entity: string, year: number, period: number, status: 'open' | 'closed'): boolean {
    const found = this.periods.find((p) => p.entity === entity && p.year === year && p.period === period);
    if (found) found.status = status;
    return found !== undefined;
  }

  // --------------------------------------------------------------------------------------- validation

  private checkEntity(entity: string, domain: string | undefined, errors: QadIssue[]): QadEntity | undefined {
    const found = this.entity(entity);
    if (!found) {
      errors.push(error('unknown-entity', 'entity', `Entity "${entity}" does not exist.`, entity));
      return undefined;
    }
    if (domain !== undefined && domain !== '' && domain !== found.domain) {
      errors.push(
        error('unknown-domain', 'domain', `Entity ${entity} is not in domain "${domain}".`, domain),
      );
    }
    return found;
  }

  private checkPeriod(
    entity: string,
    date: string,
    errors: QadIssue[],
    year?: number,
    periodNumber?: number,
  ): QadPeriod | undefined {
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      errors.push(error('invalid-date', 'postingDate', `Posting date "${date}" is not a date.`, date));
      return undefined;
    }
    const period = this.periodFor(entity, date);
    if (!period) {
      errors.push(
        error('no-period', 'postingDate', `No GL period of entity ${entity} contains ${date}.`, date),
      );
      return undefined;
    }
    if (period.status !== 'open') {
      errors.push(
        error(
          'closed-period',
          'postingDate',
          `GL period ${period.year}/${period.period} is closed for entity ${entity}; posting date ${date} is not allowed.`,
          date,
        ),
      );
      return undefined;
    }
    // The posting date must lie inside the GL year and period the caller names (sheet 3.2).
    if (
      (year !== undefined && year !== period.year) ||
      (periodNumber !== undefined && periodNumber !== period.period)
    ) {
      errors.push(
        error(
          'period-mismatch',
          'postingPeriod',
          `Posting date ${date} lies in GL period ${period.year}/${period.period}, not ${year ?? period.year}/${periodNumber ?? period.period}.`,
          `${year ?? ''}/${periodNumber ?? ''}`,
        ),
      );
      return undefined;
    }
    return period;
  }

  /** Account, sub-account, cost center and project of one posting line. */
  checkCodes(c: CodeChecks, errors: QadIssue[]): void {
    const account = this.accounts.find((a) => a.code === c.account);
    if (!account) {
      errors.push(
        error(
          'unknown-account',
          `${c.prefix}account`,
          `GL account "${c.account}" does not exist.`,
          c.account,
        ),
      );
    } else if (!account.active) {
      errors.push(
        error('inactive-account', `${c.prefix}account`, `GL account ${c.account} is inactive.`, c.account),
      );
    } else if (!account.postable) {
      errors.push(
        error(
          'account-not-postable',
          `${c.prefix}account`,
          `GL account ${c.account} does not allow postings.`,
          c.account,
        ),
      );
    }
    if (c.subAccount) {
      const sub = this.subAccounts.find((s) => s.code === c.subAccount);
      if (!sub)
        errors.push(
          error(
            'unknown-sub-account',
            `${c.prefix}subAccount`,
            `Sub-account "${c.subAccount}" does not exist.`,
            c.subAccount,
          ),
        );
      else if (!sub.active)
        errors.push(
          error(
            'inactive-sub-account',
            `${c.prefix}subAccount`,
            `Sub-account ${c.subAccount} is inactive.`,
            c.subAccount,
          ),
        );
    }
    if (c.costCenter) {
      const center = this.costCenters.find((s) => s.code === c.costCenter && s.entity === c.entity);
      if (!center)
        errors.push(
          error(
            'unknown-cost-center',
            `${c.prefix}costCenter`,
            `Cost center "${c.costCenter}" does not exist in entity ${c.entity}.`,
            c.costCenter,
          ),
        );
      else if (!center.active)
        errors.push(
          error(
            'inactive-cost-center',
            `${c.prefix}costCenter`,
            `Cost center ${c.costCenter} is inactive.`,
            c.costCenter,
          ),
        );
    }
    if (c.project) {
      const project = this.projects.find((s) => s.code === c.project);
      if (!project)
        errors.push(
          error('unknown-project', `${c.prefix}project`, `Project "${c.project}" does not exist.`, c.project),
        );
      else if (!project.active)
        errors.push(
          error('inactive-project', `${c.prefix}project`, `Project ${c.project} is inactive.`, c.project),
        );
    }
  }

  private checkCurrency(currency: string, errors: QadIssue[]): boolean {
    if (isKnownCurrency(currency)) return true;
    errors.push(error('unknown-currency', 'currency', `Currency "${currency}" does not exist.`, currency));
    return false;
  }

  private nextVoucher(entity: string, year: number, daybook: string): number {
    const key = `${entity}|${year}|${daybook}`;
    const next = (this.vouchers.get(key) ?? 0) + 1;
    this.vouchers.set(key, next);
    return year * 100_000 + next;
  }

  // ----------------------------------------------------------------------------------- supplier invoice

  createSupplierInvoice(input: InvoiceInput): QadResult<StoredInvoice> {
    const errors: QadIssue[] = [];
    const warnings: QadIssue[] = [];
    const entity = this.checkEntity(input.entity, input.domain, errors);
    const supplier = this.suppliers.find((s) => s.code === input.supplier);
    if (!supplier)
      errors.push(
        error('unknown-supplier', 'supplier', `Supplier "${input.supplier}" does not exist.`, input.supplier),
      );
    else if (!supplier.active)
      errors.push(
        error('inactive-supplier', 'supplier', `Supplier ${input.supplier} is inactive.`, input.supplier),
      );
    if (input.reference.trim() === '')
      errors.push(error('missing-reference', 'reference', 'Supplier invoice reference is mandatory.'));
    const currencyOk = this.checkCurrency(input.currency, errors);
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0)
      errors.push(error('invalid-amount', 'amount', 'Invoice amount must be greater than zero.'));
    const period = entity
      ? this.checkPeriod(entity.code, input.postingDate, errors, input.postingYear, input.postingPeriod)
      : undefined;
    if (input.matches.length === 0 && input.lines.length === 0)
      errors.push(
        error('no-allocation', 'lines', 'Invoice has neither receiver matching lines nor GL lines.'),
      );
    if (input.type === 'credit-note' && input.matches.length > 0)
      errors.push(
        error('credit-note-matching', 'matches', 'Receiver matching on credit notes is not supported here.'),
      );

    // Receiver matching: plan every allocation first, apply only when the whole invoice is valid.
    const plan: { receipt: QadReceipt; quantity: number }[] = [];
    const matched: MatchedReceipt[] = [];
    const pending = new Map<QadReceipt, number>();
    input.matches.forEach((m, index) => {
      const field = `matches[${index}]`;
      const po = this.purchaseOrder(m.poNumber);
      if (!po) {
        errors.push(
          error(
            'unknown-po',
            `${field}.poNumber`,
            `Purchase order ${m.poNumber} does not exist.`,
            m.poNumber,
          ),
        );
        return;
      }
      const line = po.lines.find((l) => l.line === m.poLine);
      if (!line) {
        errors.push(
          error(
            'unknown-po-line',
            `${field}.poLine`,
            `Purchase order ${po.number} has no line ${m.poLine}.`,
            String(m.poLine),
          ),
        );
        return;
      }
      if (po.supplier !== input.supplier)
        errors.push(
          error(
            'po-supplier-mismatch',
            `${field}.poNumber`,
            `Purchase order ${po.number} belongs to supplier ${po.supplier}, not ${input.supplier}.`,
            po.number,
          ),
        );
      if (po.entity !== input.entity)
        errors.push(
          error(
            'po-entity-mismatch',
            `${field}.poNumber`,
            `Purchase order ${po.number} belongs to entity ${po.entity}.`,
            po.number,
          ),
        );
      if (!(m.quantity > 0)) {
        errors.push(
          error('invalid-quantity', `${field}.quantity`, 'Match quantity must be greater than zero.'),
        );
        return;
      }
      const candidates = this.receipts.filter(
        (r) =>
          r.poNumber === po.number &&
          r.poLine === line.line &&
          (m.receiver === undefined || m.receiver === '' || r.receiver === m.receiver),
      );
      if (m.receiver && candidates.length === 0) {
        errors.push(
          error(
            'unknown-receiver',
            `${field}.receiver`,
            `Receiver ${m.receiver} does not exist for purchase order ${po.number} line ${line.line}.`,
            m.receiver,
          ),
        );
        return;
      }
      const open = (r: QadReceipt) => q(r.quantity) - q(r.matchedQuantity) - (pending.get(r) ?? 0);
      const available = candidates.reduce((sum, r) => sum + Math.max(0, open(r)), 0);
      let wanted = q(m.quantity);
      if (wanted > available) {
        errors.push(
          error(
            'insufficient-receipt',
            `${field}.quantity`,
            `Purchase order ${po.number} line ${line.line}: match quantity ${m.quantity} exceeds the received, unmatched quantity ${fromQ(available)}` +
              (m.receiver ? ` of receiver ${m.receiver}.` : '.'),
            `${po.number}/${line.line}`,
          ),
        );
        return;
      }
      const unitPrice = m.unitPriceMinor ?? line.unitPriceMinor;
      let amountLeft = Math.round((wanted * unitPrice) / 1_000_000);
      for (const receipt of candidates) {
        if (wanted <= 0) break;
        const take = Math.min(wanted, Math.max(0, open(receipt)));
        if (take <= 0) continue;
        pending.set(receipt, (pending.get(receipt) ?? 0) + take);
        plan.push({ receipt, quantity: take });
        wanted -= take;
        const amount = wanted === 0 ? amountLeft : Math.round((take * unitPrice) / 1_000_000);
        amountLeft -= amount;
        matched.push({
          receiver: receipt.receiver,
          poNumber: po.number,
          poLine: line.line,
          quantity: fromQ(take),
          amountMinor: amount,
        });
      }
    });

    input.lines.forEach((line, index) => {
      if (entity) this.checkCodes({ ...line, entity: entity.code, prefix: `lines[${index}].` }, errors);
      if (!Number.isSafeInteger(line.amountMinor) || line.amountMinor === 0)
        errors.push(error('invalid-amount', `lines[${index}].amount`, 'GL line amount must not be zero.'));
    });

    if (errors.length === 0 && currencyOk) {
      const allocated = sumMinor([
        ...matched.map((m) => m.amountMinor),
        ...input.lines.map((l) => l.amountMinor),
      ]);
      if (allocated !== input.amountMinor)
        errors.push(
          error(
            'allocation-mismatch',
            'amount',
            `Invoice amount ${formatDecimal(input.amountMinor, input.currency)} does not equal the matched and coded amount ${formatDecimal(allocated, input.currency)}.`,
            formatDecimal(input.amountMinor, input.currency),
          ),
        );
    }
    if (errors.length > 0 || !entity || !period) return { ok: false, errors, warnings };

    const earlier = this.invoices.find(
      (i) => i.supplier === input.supplier && i.reference === input.reference,
    );
    if (earlier)
      warnings.push({
        severity: 'warning',
        code: 'duplicate-reference',
        field: 'reference',
        message: `Supplier invoice reference "${input.reference}" already exists for supplier ${input.supplier} (voucher ${earlier.year}/${earlier.daybook}/${earlier.voucher}).`,
        data: input.reference,
      });

    for (const step of plan)
      step.receipt.matchedQuantity = fromQ(q(step.receipt.matchedQuantity) + step.quantity);
    const daybook = input.daybook || QAD_DEFAULT_AP_DAYBOOK;
    const stored: StoredInvoice = {
      ...input,
      id: this.nextId++,
      domain: entity.domain,
      year: period.year,
      period: period.period,
      daybook,
      statusCode:
        input.statusCode ||
        (input.matches.length > 0 ? QAD_DEFAULT_INVOICE_STATUS_CODE : QAD_DEFAULT_NON_PO_INVOICE_STATUS_CODE),
      voucher: this.nextVoucher(entity.code, period.year, daybook),
      createdAt: this.nowIso(),
      matchedReceipts: matched,
    };
    this.invoices.push(stored);
    return { ok: true, value: stored, warnings };
  }

  // ------------------------------------------------------------------------------------ journal entry

  createJournal(input: JournalInput): QadResult<StoredJournal> {
    const errors: QadIssue[] = [];
    const entity = this.checkEntity(input.entity, input.domain, errors);
    const currencyOk = this.checkCurrency(input.currency, errors);
    const period = entity
      ? this.checkPeriod(entity.code, input.postingDate, errors, input.postingYear, input.postingPeriod)
      : undefined;
    if (input.lines.length < 2)
      errors.push(error('too-few-lines', 'lines', 'A journal entry needs at least two posting lines.'));
    input.lines.forEach((line, index) => {
      if (entity) this.checkCodes({ ...line, entity: entity.code, prefix: `lines[${index}].` }, errors);
      const debit = line.debitMinor;
      const credit = line.creditMinor;
      if (!Number.isSafeInteger(debit) || !Number.isSafeInteger(credit) || debit < 0 || credit < 0)
        errors.push(
          error('invalid-amount', `lines[${index}].debit`, 'Debit and credit must not be negative.'),
        );
      else if ((debit === 0) === (credit === 0))
        errors.push(
          error(
            'invalid-amount',
            `lines[${index}].debit`,
            'A posting line carries either a debit or a credit amount.',
          ),
        );
    });
    if (currencyOk && errors.every((e) => e.code !== 'invalid-amount')) {
      const debit = sumMinor(input.lines.map((l) => l.debitMinor));
      const credit = sumMinor(input.lines.map((l) => l.creditMinor));
      if (debit !== credit)
        errors.push(
          error(
            'unbalanced',
            'lines',
            `Journal entry is not balanced: debit ${formatDecimal(debit, input.currency)}, credit ${formatDecimal(credit, input.currency)}.`,
          ),
        );
    }
    if (errors.length > 0 || !entity || !period) return { ok: false, errors, warnings: [] };
    const daybook = input.daybook || QAD_DEFAULT_JOURNAL_DAYBOOK;
    const stored: StoredJournal = {
      ...input,
      id: this.nextId++,
      domain: entity.domain,
      year: period.year,
      period: period.period,
      daybook,
      voucher: this.nextVoucher(entity.code, period.year, daybook),
      createdAt: this.nowIso(),
    };
    this.journals.push(stored);
    return { ok: true, value: stored, warnings: [] };
  }

  // ---------------------------------------------------------------------------------------- PO receipt

  receivePurchaseOrder(input: ReceiveInput): QadResult<QadReceipt[]> {
    const errors: QadIssue[] = [];
    const po = this.purchaseOrder(input.poNumber);
    if (!po) {
      errors.push(
        error('unknown-po', 'poNumber', `Purchase order ${input.poNumber} does not exist.`, input.poNumber),
      );
      return { ok: false, errors, warnings: [] };
    }
    if (po.closed) {
      errors.push(error('po-closed', 'poNumber', 'Purchase Order closed.', po.number));
      return { ok: false, errors, warnings: [] };
    }
    const date = input.date || this.today();
    if (!DATE.test(date))
      errors.push(error('invalid-date', 'date', `Effective date "${date}" is not a date.`, date));
    if (input.lines.length === 0) errors.push(error('no-lines', 'lines', 'Nothing to receive.'));
    const seen = new Map<number, number>();
    input.lines.forEach((l, index) => {
      const line = po.lines.find((pl) => pl.line === l.line);
      if (!line) {
        errors.push(
          error(
            'unknown-po-line',
            `lines[${index}].line`,
            `Purchase order ${po.number} has no line ${l.line}.`,
            String(l.line),
          ),
        );
        return;
      }
      if (!(l.quantity > 0)) {
        errors.push(
          error(
            'invalid-quantity',
            `lines[${index}].quantity`,
            'Receipt quantity must be greater than zero.',
          ),
        );
        return;
      }
      const already = q(this.receivedQuantity(po.number, line.line)) + (seen.get(line.line) ?? 0);
      const open = q(line.quantityOrdered) - already;
      if (q(l.quantity) > open)
        errors.push(
          error(
            'over-receipt',
            `lines[${index}].quantity`,
            `Purchase order ${po.number} line ${line.line}: quantity ${l.quantity} exceeds the open quantity ${fromQ(Math.max(0, open))}.`,
            String(l.quantity),
          ),
        );
      seen.set(line.line, (seen.get(line.line) ?? 0) + q(l.quantity));
    });
    if (errors.length > 0) return { ok: false, errors, warnings: [] };
    const receiver = input.receiver || `RC${this.nextReceiver++}`;
    const created = input.lines.map((l) => {
      const receipt: QadReceipt = {
        receiver,
        poNumber: po.number,
        poLine: l.line,
        quantity: l.quantity,
        date,
        matchedQuantity: 0,
      };
      this.receipts.push(receipt);
      return receipt;
    });
    if (input.fillAll) po.closed = true;
    return { ok: true, value: created, warnings: [] };
  }
}
