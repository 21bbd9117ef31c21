// Concur FIS documents generated from the demo company's QAD master data, so vendor, account, cost center
// and project codes agree with QAD (and a few deliberately do not). Shapes follow research/concur.md 2.8 and
// the FISJ samples: invoices are payment requests with a single `journal` object per allocation, expense
// reports have a `journal` array; amounts are 8-decimal strings ("50.00000000", zero as "0E-8") or JSON
// numbers. The generator owns its own seeded random, so the same seed yields the same documents whatever
// else the simulator did in between.
import { formatDecimal, sumMinor } from '../../../shared/domain/money.ts';
import type {
  DemoCompany,
  DemoEmployee,
  DemoEntity,
  DemoPurchaseOrder,
  DemoSupplier,
} from '../demo/company.ts';
import { intBetween, pick, seededRandom, type Random } from '../random.ts';
import { alnum, hex, type FisDocType } from './state.ts';

export interface GeneratedDocument {
  readonly id: string;
  readonly docType: FisDocType;
  readonly businessId: string;
  readonly entityCode: string;
  readonly scenario: string;
  readonly document: Record<string, unknown>;
}

export type AmountStyle = 'string' | 'number';

const EXPENSE_TYPE_CODES: Readonly<Record<string, string>> = {
  Airfare: 'AIRFR',
  Lodging: 'LODNG',
  Meals: 'MEALS',
  Taxi: 'TAXI',
  Mileage: 'MILEG',
  'Office Supplies': 'OFFSP',
  Training: 'TRAIN',
  Software: 'SOFTW',
  Phone: 'PHONE',
};

const NON_PO_SERVICES = [
  ['Office supplies', '6200', 2_500, 60_000],
  ['Machine repair call-out', '6300', 40_000, 350_000],
  ['Software subscription (annual)', '6500', 90_000, 900_000],
  ['Inbound freight', '6700', 15_000, 220_000],
  ['Operator training course', '6400', 60_000, 400_000],
] as const;

/** Positions (within every block of 100) of the deliberately bad documents. */
const BAD_SLOTS: Readonly<Record<number, string>> = {
  3: 'unknown vendor code',
  11: 'JPY expense report (zero-decimal currency)',
  17: 'unknown account code',
  23: 'inactive cost center',
};

/** The document mix in every block of ten (PO invoice, non-PO invoice, expense report). */
const MIX = ['po', 'expense', 'nonpo', 'po', 'expense', 'po', 'expense', 'nonpo', 'expense', 'po'] as const;

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** FIS invoice dates are MM/DD/YYYY strings. */
function usDate(isoDate: string): string {
  return `${isoDate.slice(5, 7)}/${isoDate.slice(8, 10)}/${isoDate.slice(0, 4)}`;
}

function timestamp(isoDate: string, hour: number): string {
  return `${isoDate}T${String(hour).padStart(2, '0')}:14:07.000Z`;
}

/** An amount on the wire: an 8-decimal string as in the FIS example ("0E-8" for zero), or a JSON number. */
export function wireAmount(minor: number, currency: string, style: AmountStyle): string | number {
  const plain = formatDecimal(minor, currency);
  // Converting a finished decimal string to a JSON number is display only, never arithmetic.
  if (style === 'number') return Number(plain);
  if (minor === 0) return '0E-8';
  const [whole, fraction = ''] = plain.split('.');
  return `${whole}.${fraction.padEnd(8, '0')}`;
}

export interface DocumentFactoryOptions {
  readonly seed?: number;
  readonly amountsAs?: 'string' | 'number' | 'mixed';
}

/** Produces documents one after another; `next(n)` continues the same deterministic sequence. */
export class DocumentFactory {
  private readonly random: Random;
  private readonly company: DemoCompany;
  private readonly amountsAs: 'string' | 'number' | 'mixed';
  private index = 0;
  private poCursor = 0;
  private employeeCursor = 0;

  constructor(company: DemoCompany, options: DocumentFactoryOptions = {}) {
    this.company = company;
    this.random = seededRandom((options.seed ?? company.seed) * 7919 + 17);
    this.amountsAs = options.amountsAs ?? 'mixed';
  }

  next(count: number, kind: 'mixed' | FisDocType = 'mixed'): GeneratedDocument[] {
    const out: GeneratedDocument[] = [];
    for (let n = 0; n < count; n += 1) out.push(this.one(kind));
    return out;
  }

  private one(kind: 'mixed' | FisDocType): GeneratedDocument {
    const i = this.index;
    this.index += 1;
    const style: AmountStyle =
      this.amountsAs === 'mixed' ? (i % 2 === 0 ? 'string' : 'number') : this.amountsAs;
    const bad = kind === 'mixed' ? BAD_SLOTS[i % 100] : undefined;
    if (bad === 'unknown vendor code') return this.nonPoInvoice(style, { unknownVendor: true });
    if (bad === 'unknown account code') return this.nonPoInvoice(style, { unknownAccount: true });
    if (bad === 'inactive cost center') return this.expenseReport(style, { inactiveCostCenter: true });
    if (bad?.startsWith('JPY')) return this.expenseReport(style, { jpy: true });
    const slot =
      kind === 'invoice' ? (i % 3 === 1 ? 'nonpo' : 'po') : kind === 'expense' ? 'expense' : MIX[i % 10];
    if (slot === 'po' && this.company.purchaseOrders.length > 0) return this.poInvoice(style);
    if (slot === 'expense' && this.company.employees.length > 0) return this.expenseReport(style, {});
    return this.nonPoInvoice(style, {});
  }

  private receiptIndex: Map<string, DemoCompany['receipts'][number][]> | undefined;

  /** Receipts by PO number, indexed once: the benchmark company has thousands of POs. */
  private receiptsOf(poNumber: string): DemoCompany['receipts'][number][] {
    if (!this.receiptIndex) {
      this.receiptIndex = new Map();
      for (const receipt of this.company.receipts) {
        const list = this.receiptIndex.get(receipt.poNumber) ?? [];
        list.push(receipt);
        this.receiptIndex.set(receipt.poNumber, list);
      }
    }
    return this.receiptIndex.get(poNumber) ?? [];
  }

  private entity(code: string): DemoEntity {
    const entity = this.company.entities.find((e) => e.code === code) ?? this.company.entities[0];
    if (!entity) throw new Error('the demo company has no entities');
    return entity;
  }

  private supplier(code: string): DemoSupplier | undefined {
    return this.company.suppliers.find((s) => s.code === code);
  }

  private costCenterName(code: string): string {
    return this.company.costCenters.find((c) => c.code === code)?.description ?? code;
  }

  private invoiceHeader(args: {
    style: AmountStyle;
    entity: DemoEntity;
    currency: string;
    totalMinor: number;
    poNumber: string | null;
    invoiceDate: string;
    title: string;
  }): Record<string, unknown> {
    const { style, entity, currency, totalMinor } = args;
    const r = this.random;
    const requestId = alnum(r, 12);
    return {
      requestId,
      reqKey: intBetween(r, 10_000, 99_999),
      vendorInvoiceNumber: `INV-${intBetween(r, 100_000, 999_999)}`,
      invoiceDate: usDate(args.invoiceDate),
      paymentDueDate: usDate(addDays(args.invoiceDate, 30)),
      postingDate: null,
      poNumber: args.poNumber,
      currencyAlphaCode: currency,
      requestTotal: wireAmount(totalMinor, currency, style),
      amountNetInvoice: wireAmount(totalMinor, currency, style),
      amountShippingTotal: wireAmount(0, currency, style),
      amountTax: wireAmount(0, currency, style),
      ledgerCode: entity.concurLedgerCode,
      ledgerName: entity.name,
      payMethodType: 'CLIENT',
      invoicePayIndicator: 'Y',
      isTest: 'N',
      submitDate: timestamp(addDays(args.invoiceDate, 2), 9),
      requestCreationDate: timestamp(addDays(args.invoiceDate, 1), 15),
      processCompleteDate: timestamp(addDays(args.invoiceDate, 3), 11),
      invoiceReceivedDate: usDate(addDays(args.invoiceDate, 1)),
      netPaymentTermDays: 30,
      discountPercentage: null,
      discountTermsDays: null,
      multiplePurchaseOrder: 'N',
      deliverySlipNumber: null,
      requestTitle: args.title,
      requestDescription: null,
      vendorTaxId: null,
      revisionNumber: 1,
      versionId: 1,
      requestOrgUnit1Code: entity.code,
      requestOrgUnit1Value: entity.name,
    };
  }

  private ownerEmployee(entityCode: string): Record<string, unknown> {
    const owner = this.company.employees.find((e) => e.entity === entityCode) ?? this.company.employees[0];
    return {
      employeeId: owner?.id ?? 'E0000',
      employeeFirstName: owner?.firstName ?? 'AP',
      employeeLastName: owner?.lastName ?? 'Clerk',
      employeeMI: null,
    };
  }

  private allocation(args: {
    style: AmountStyle;
    currency: string;
    entity: DemoEntity;
    account: string;
    costCenter: string;
    project: string | null;
    amountMinor: number;
  }): Record<string, unknown> {
    const { style, currency, entity, amountMinor } = args;
    const project = args.project ? this.company.projects.find((p) => p.code === args.project) : undefined;
    return {
      allocationKey: intBetween(this.random, 100_000, 999_999),
      allocationAccountCode: args.account,
      allocationPercentage: style === 'string' ? '100.00000000' : 100,
      // The Cost Center list is connected (level 1 entity, level 2 cost center): one custom field per level.
      allocationCustom1Code: entity.code,
      allocationCustom1Value: entity.name,
      allocationCustom2Code: args.costCenter,
      allocationCustom2Value: this.costCenterName(args.costCenter),
      allocationCustom3Code: project?.code ?? null,
      allocationCustom3Value: project?.description ?? null,
      journal: {
        accountCode: args.account,
        amountNet: wireAmount(amountMinor, currency, style),
        amountGross: wireAmount(amountMinor, currency, style),
        amountShipping: wireAmount(0, currency, style),
        tax: wireAmount(0, currency, style),
      },
    };
  }

  private poInvoice(style: AmountStyle): GeneratedDocument {
    const pos = this.company.purchaseOrders;
    const po = pos[this.poCursor % pos.length] as DemoPurchaseOrder;
    const poIndex = this.poCursor % pos.length;
    this.poCursor += 1;
    const entity = this.entity(po.entity);
    const supplier = this.supplier(po.supplier);
    const received = this.receiptsOf(po.number);
    const lineItems = po.lines.map((line, n) => {
      const amountMinor = line.quantity * line.unitPriceMinor;
      return {
        lineItemSequenceOrder: n + 1,
        lineItemDescription: line.description,
        lineItemQuantity: style === 'string' ? `${line.quantity}.00000000` : line.quantity,
        lineItemUnitPrice: wireAmount(line.unitPriceMinor, po.currency, style),
        expenseTypeCode: 'PURCH',
        expenseTypeName: 'Purchased goods',
        lineItemCode: line.item,
        lineItemPurchaseOrderNumber: po.number,
        poLineNumber: line.line,
        externalLineItemId: `${po.number}-${line.line}`,
        lineItemDeliverySlipNumber: null,
        receiptNumbers: received.filter((rc) => rc.poLine === line.line).map((rc) => rc.receiver),
        allocation: [
          this.allocation({
            style,
            currency: po.currency,
            entity,
            account: line.glAccount,
            costCenter: line.costCenter,
            project: null,
            amountMinor,
          }),
        ],
      };
    });
    const totalMinor = sumMinor(po.lines.map((l) => l.quantity * l.unitPriceMinor));
    const header = this.invoiceHeader({
      style,
      entity,
      currency: po.currency,
      totalMinor,
      poNumber: po.number,
      invoiceDate: addDays(po.orderDate, intBetween(this.random, 5, 12)),
      title: `${supplier?.name ?? po.supplier} ${po.number}`,
    });
    // The demo company receives POs by index: i%5 === 4 nothing yet, i%5 === 3 only half of each line.
    const receiptState =
      poIndex % 5 === 4 ? 'not received yet' : poIndex % 5 === 3 ? 'partly received' : 'received';
    return this.wrap('invoice', String(header.requestId), entity.code, `PO invoice, ${receiptState}`, {
      requestHeader: header,
      ownerEmployee: this.ownerEmployee(entity.code),
      vendor: this.vendor(po.supplier, supplier?.name ?? po.supplier),
      lineItem: lineItems,
    });
  }

  private vendor(code: string, name: string): Record<string, unknown> {
    return {
      vendorCode: code,
      vendorName: name,
      vendorRemitToAddressCode: 'MAIN',
      vendorShipFromAddressCode: null,
      vendorContactFirstName: null,
      vendorContactLastName: null,
    };
  }

  private nonPoInvoice(
    style: AmountStyle,
    bad: { unknownVendor?: boolean; unknownAccount?: boolean },
  ): GeneratedDocument {
    const r = this.random;
    const trade = this.company.suppliers.filter((s) => !s.isEmployee && s.active);
    const supplier = pick(r, trade);
    const entity = this.entity(supplier.currency === 'EUR' ? '20DEU' : '10USA');
    const currency = entity.currency;
    const centers = this.company.costCenters.filter((c) => c.entity === entity.code && c.active);
    const lineCount = intBetween(r, 1, 3);
    const lines = [];
    const amounts: number[] = [];
    for (let n = 0; n < lineCount; n += 1) {
      const [description, account, min, max] = pick(r, NON_PO_SERVICES);
      const amountMinor = intBetween(r, min, max);
      amounts.push(amountMinor);
      const useProject = r() < 0.3;
      const project = useProject
        ? pick(
            r,
            this.company.projects.filter((p) => p.active),
          ).code
        : null;
      lines.push({
        lineItemSequenceOrder: n + 1,
        lineItemDescription: description,
        lineItemQuantity: style === 'string' ? '1.00000000' : 1,
        lineItemUnitPrice: wireAmount(amountMinor, currency, style),
        expenseTypeCode: 'SERVC',
        expenseTypeName: 'Services',
        lineItemCode: null,
        lineItemPurchaseOrderNumber: null,
        poLineNumber: null,
        externalLineItemId: null,
        receiptNumbers: [],
        allocation: [
          this.allocation({
            style,
            currency,
            entity,
            account: bad.unknownAccount && n === 0 ? '6999' : account,
            costCenter: centers.length > 0 ? pick(r, centers).code : '',
            project,
            amountMinor,
          }),
        ],
      });
    }
    const header = this.invoiceHeader({
      style,
      entity,
      currency,
      totalMinor: sumMinor(amounts),
      poNumber: null,
      invoiceDate: addDays(this.company.asOf, -intBetween(r, 3, 25)),
      title: `${supplier.name} services`,
    });
    const vendor = bad.unknownVendor
      ? this.vendor('NOSUCH99', 'Phantom Supplies Ltd')
      : this.vendor(supplier.code, supplier.name);
    const scenario = bad.unknownVendor
      ? 'unknown vendor code'
      : bad.unknownAccount
        ? 'unknown account code'
        : 'non-PO invoice';
    return this.wrap('invoice', String(header.requestId), entity.code, scenario, {
      requestHeader: header,
      ownerEmployee: this.ownerEmployee(entity.code),
      vendor,
      lineItem: lines,
    });
  }

  private expenseReport(
    style: AmountStyle,
    bad: { inactiveCostCenter?: boolean; jpy?: boolean },
  ): GeneratedDocument {
    const r = this.random;
    const employees = this.company.employees;
    const employee = employees[this.employeeCursor % employees.length] as DemoEmployee;
    this.employeeCursor += 1;
    const entity = this.entity(employee.entity);
    const currency = bad.jpy ? 'JPY' : entity.currency;
    const costCenter = bad.inactiveCostCenter
      ? (this.company.costCenters.find((c) => c.entity === entity.code && !c.active)?.code ??
        employee.costCenter)
      : employee.costCenter;
    const reportId = alnum(r, 20);
    const start = addDays(this.company.asOf, -intBetween(r, 8, 30));
    const entryCount = intBetween(r, 1, 4);
    const amounts: number[] = [];
    const entries = [];
    for (let n = 0; n < entryCount; n += 1) {
      const category = pick(r, this.company.expenseCategories);
      // Zero-decimal JPY amounts are whole yen; two-decimal currencies get cents.
      const amountMinor = bad.jpy ? intBetween(r, 800, 60_000) : intBetween(r, 1_200, 90_000);
      amounts.push(amountMinor);
      const card = r() < 0.3;
      const entryDate = timestamp(addDays(start, n), 0);
      entries.push({
        entryId: hex(r, 32).toUpperCase(),
        legacyEntryId: intBetween(r, 1000, 9999),
        expenseTypeCode: EXPENSE_TYPE_CODES[category.name] ?? 'OTHER',
        expenseTypeName: category.name,
        entryDate,
        entryCurrAlphaCode: currency,
        reportEntryTransactionAmount: wireAmount(amountMinor, currency, style),
        entryApprovedAmount: wireAmount(amountMinor, currency, style),
        entryExchangeRate: style === 'string' ? '1.00000000' : 1,
        entryExchangeRateDirection: 'M',
        entryDescription: `${category.name} ${entity.code === '20DEU' ? 'Stuttgart' : 'Dayton'} trip`,
        entryVendorCode: null,
        entryVendorDescription: null,
        entryIsPersonal: 'N',
        entryIsBillable: 'N',
        entryReceiptType: 'T',
        entryLocationName: bad.jpy ? 'Tokyo' : entity.code === '20DEU' ? 'Stuttgart' : 'Dayton',
        entryCountryCode: bad.jpy ? 'JP' : entity.code === '20DEU' ? 'DE' : 'US',
        reportEntryPaymentTypeCode: card ? 'CBCP' : 'IBIP',
        reportEntryPaymentTypeName: card ? 'Company Card' : 'Cash',
        clearingAccountCode: card ? '2400' : null,
        liabilityAccountCode: '2010',
        allocation: [
          {
            allocationId: hex(r, 32).toUpperCase(),
            allocationPercentage: style === 'string' ? '100.00000000' : 100,
            allocationCustom1Code: entity.code,
            allocationCustom1Value: entity.name,
            allocationCustom2Code: costCenter,
            allocationCustom2Value: this.costCenterName(costCenter),
            journal: [
              {
                journalAccountCode: category.glAccount,
                journalPayee: card ? 'CARD' : 'EMPL',
                journalPayer: 'COMP',
                amountGross: wireAmount(amountMinor, currency, style),
                amountNetOfTax: wireAmount(amountMinor, currency, style),
                amountNetOfReclaim: wireAmount(amountMinor, currency, style),
                amountGrossCard: wireAmount(card ? amountMinor : 0, currency, style),
                amountTax: wireAmount(0, currency, style),
                accountingTransactionType: card ? 'CARD' : 'CASH',
              },
            ],
            tax: [],
          },
        ],
      });
    }
    const document = {
      employee: {
        employeeId: employee.id,
        employeeFirstName: employee.firstName,
        employeeLastName: employee.lastName,
        employeeMI: null,
        loginId: employee.email,
        emailAddress: employee.email,
        employeeReimbursementMethodCode: 'APCHECK',
        employeeOrgUnit1Code: entity.code,
        employeeOrgUnit1Value: entity.name,
        employeeOrgUnit2Code: employee.costCenter,
        employeeOrgUnit2Value: this.costCenterName(employee.costCenter),
      },
      report: {
        reportId,
        reportKey: intBetween(r, 1000, 99_999),
        reportNumber: alnum(r, 6),
        reportName: bad.jpy ? 'Supplier visit Tokyo' : `Travel ${start.slice(0, 7)}`,
        ledgerCode: entity.concurLedgerCode,
        policyId: entity.code === '20DEU' ? 'DE-TRAVEL' : 'US-TRAVEL',
        employeeCurrencyAlphaCode: currency,
        totalApprovedAmount: wireAmount(sumMinor(amounts), currency, style),
        isTest: 'N',
        homeCountryCode: entity.code === '20DEU' ? 'DE' : 'US',
        reportSubmitDate: timestamp(addDays(start, entryCount + 2), 10),
        reportCreationDate: timestamp(start, 8),
        reportUserDefinedDate: timestamp(start, 0),
        reportPaymentProcessingDate: null,
        reportStartDate: timestamp(start, 0),
        reportEndDate: timestamp(addDays(start, entryCount), 0),
        revisionNumber: 1,
        versionId: 1,
        payrollPayIndicator: 'N',
        cashAdvanceReturnsAmount: wireAmount(0, currency, style),
        lastApproverId: employee.managerEmail ?? null,
        reportOrgUnit1Code: entity.code,
        reportOrgUnit1Value: entity.name,
      },
      expenseEntry: entries,
      cashAdvanceApplication: [],
    };
    const scenario = bad.jpy
      ? 'JPY expense report (zero-decimal currency)'
      : bad.inactiveCostCenter
        ? 'inactive cost center'
        : `expense report ${currency}`;
    return this.wrap('expense', reportId, entity.code, scenario, document);
  }

  private wrap(
    docType: FisDocType,
    businessId: string,
    entityCode: string,
    scenario: string,
    document: Record<string, unknown>,
  ): GeneratedDocument {
    return { id: hex(this.random, 32).toUpperCase(), docType, businessId, entityCode, scenario, document };
  }
}

/** Convenience: the first `count` documents of the sequence for `seed`. */
export function generateConcurDocuments(
  company: DemoCompany,
  count: number,
  options: DocumentFactoryOptions = {},
): GeneratedDocument[] {
  return new DocumentFactory(company, options).next(count);
}
