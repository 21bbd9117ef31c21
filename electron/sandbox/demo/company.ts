// The demo company: a mid-sized contract manufacturer ("Meridian Components") running QAD with two entities
// in different currencies. This module generates its QAD master data deterministically from a seed; the
// Concur and Expensify simulators generate their source documents from the same master data, so codes agree
// across systems (and a few deliberately do not, so the demo shows exceptions to fix).
import { intBetween, pick, seededRandom, type Random } from '../random.ts';

export interface DemoEntity {
  readonly code: string; // QAD entity code (financial company)
  readonly name: string;
  readonly currency: string;
  readonly domain: string;
  /** Concur ledger / company code that maps to this entity. */
  readonly concurLedgerCode: string;
}

export interface DemoSupplier {
  readonly code: string; // QAD supplier (creditor) code, max 8 characters
  readonly name: string;
  readonly currency: string;
  readonly active: boolean;
  /** Employees reimbursed through AP exist as suppliers too; their code starts with "E". */
  readonly isEmployee: boolean;
}

export type AccountType = 'expense' | 'liability' | 'asset' | 'clearing' | 'revenue';

export interface DemoAccount {
  readonly code: string;
  readonly description: string;
  readonly type: AccountType;
  readonly active: boolean;
  /** Some header accounts exist but cannot be posted to. */
  readonly postable: boolean;
}

export interface DemoCostCenter {
  readonly code: string;
  readonly description: string;
  readonly entity: string;
  readonly active: boolean;
}

export interface DemoCode {
  readonly code: string;
  readonly description: string;
  readonly active: boolean;
}

export interface DemoPeriod {
  readonly entity: string;
  readonly year: number;
  readonly period: number;
  readonly start: string; // YYYY-MM-DD
  readonly end: string;
  readonly status: 'open' | 'closed';
}

export interface DemoPoLine {
  readonly line: number;
  readonly item: string;
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly glAccount: string;
  readonly costCenter: string;
}

export interface DemoPurchaseOrder {
  readonly number: string;
  readonly entity: string;
  readonly supplier: string;
  readonly currency: string;
  readonly orderDate: string;
  readonly lines: readonly DemoPoLine[];
}

export interface DemoReceipt {
  readonly receiver: string;
  readonly poNumber: string;
  readonly poLine: number;
  readonly quantity: number;
  readonly date: string;
}

export interface DemoEmployee {
  readonly id: string; // employee id shared by Concur and QAD
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly entity: string;
  readonly supplierCode: string; // the employee as a QAD supplier, for reimbursement
  readonly costCenter: string;
  readonly managerEmail?: string;
}

export interface DemoCompany {
  readonly seed: number;
  readonly asOf: string;
  readonly domain: string;
  readonly entities: readonly DemoEntity[];
  readonly suppliers: readonly DemoSupplier[];
  readonly accounts: readonly DemoAccount[];
  readonly subAccounts: readonly DemoCode[];
  readonly costCenters: readonly DemoCostCenter[];
  readonly projects: readonly DemoCode[];
  readonly periods: readonly DemoPeriod[];
  readonly purchaseOrders: readonly DemoPurchaseOrder[];
  readonly receipts: readonly DemoReceipt[];
  readonly employees: readonly DemoEmployee[];
  /** Expense accounts by expense category name, used by both expense sources. */
  readonly expenseCategories: readonly { readonly name: string; readonly glAccount: string }[];
}

export interface DemoSize {
  readonly suppliers: number;
  readonly purchaseOrders: number;
  readonly employees: number;
}

export const DEMO_SIZES: Readonly<Record<'demo' | 'bench', DemoSize>> = {
  demo: { suppliers: 24, purchaseOrders: 30, employees: 20 },
  bench: { suppliers: 400, purchaseOrders: 6000, employees: 600 },
};

export interface DemoOptions {
  readonly seed?: number;
  readonly size?: 'demo' | 'bench' | DemoSize;
  /** The demo's "today" (YYYY-MM-DD); periods and dates are laid out around it. */
  readonly asOf?: string;
}

const ENTITIES: readonly DemoEntity[] = [
  {
    code: '10USA',
    name: 'Meridian Components Inc.',
    currency: 'USD',
    domain: 'QMFG',
    concurLedgerCode: 'US01',
  },
  {
    code: '20DEU',
    name: 'Meridian Components GmbH',
    currency: 'EUR',
    domain: 'QMFG',
    concurLedgerCode: 'DE01',
  },
];

const ACCOUNTS: readonly DemoAccount[] = [
  { code: '1500', description: 'Inventory - raw materials', type: 'asset', active: true, postable: true },
  { code: '2000', description: 'Accounts payable - trade', type: 'liability', active: true, postable: true },
  {
    code: '2010',
    description: 'Accounts payable - employees',
    type: 'liability',
    active: true,
    postable: true,
  },
  {
    code: '2100',
    description: 'Unmatched supplier invoices',
    type: 'clearing',
    active: true,
    postable: true,
  },
  { code: '2400', description: 'Corporate card clearing', type: 'clearing', active: true, postable: true },
  { code: '5000', description: 'Purchased components', type: 'expense', active: true, postable: true },
  { code: '5100', description: 'Subcontract machining', type: 'expense', active: true, postable: true },
  {
    code: '6000',
    description: 'Operating expenses (header)',
    type: 'expense',
    active: true,
    postable: false,
  },
  { code: '6100', description: 'Travel - airfare', type: 'expense', active: true, postable: true },
  { code: '6110', description: 'Travel - lodging', type: 'expense', active: true, postable: true },
  { code: '6120', description: 'Travel - meals', type: 'expense', active: true, postable: true },
  { code: '6130', description: 'Travel - ground transport', type: 'expense', active: true, postable: true },
  { code: '6140', description: 'Mileage', type: 'expense', active: true, postable: true },
  { code: '6200', description: 'Office supplies', type: 'expense', active: true, postable: true },
  { code: '6300', description: 'Maintenance and repairs', type: 'expense', active: true, postable: true },
  { code: '6400', description: 'Training and conferences', type: 'expense', active: true, postable: true },
  { code: '6500', description: 'Software subscriptions', type: 'expense', active: true, postable: true },
  { code: '6600', description: 'Telephone (retired)', type: 'expense', active: false, postable: true },
  { code: '6700', description: 'Freight in', type: 'expense', active: true, postable: true },
];

const EXPENSE_CATEGORIES: readonly { name: string; glAccount: string }[] = [
  { name: 'Airfare', glAccount: '6100' },
  { name: 'Lodging', glAccount: '6110' },
  { name: 'Meals', glAccount: '6120' },
  { name: 'Taxi', glAccount: '6130' },
  { name: 'Mileage', glAccount: '6140' },
  { name: 'Office Supplies', glAccount: '6200' },
  { name: 'Training', glAccount: '6400' },
  { name: 'Software', glAccount: '6500' },
  { name: 'Phone', glAccount: '6600' }, // maps to an inactive account: a demo exception
];

const PLANTS = ['ASSY', 'MACH', 'QUAL', 'MAINT', 'ADMIN', 'SALES'] as const;
const PLANT_NAMES: Readonly<Record<(typeof PLANTS)[number], string>> = {
  ASSY: 'Assembly',
  MACH: 'Machining',
  QUAL: 'Quality',
  MAINT: 'Maintenance',
  ADMIN: 'Administration',
  SALES: 'Sales office',
};

const SUPPLIER_NAMES = [
  'Apex Fasteners',
  'Baltic Castings',
  'Cobalt Tooling',
  'Delta Polymers',
  'Eagle Bearings',
  'Falcon Logistics',
  'Granite Machining',
  'Harbor Steel',
  'Ionic Electronics',
  'Juniper Packaging',
  'Keystone Hydraulics',
  'Lumen Optics',
  'Mosaic Coatings',
  'Northwind Freight',
  'Orion Springs',
  'Pioneer Gaskets',
  'Quarry Abrasives',
  'Redwood Pallets',
  'Summit Valves',
  'Titan Forgings',
  'Umbra Wiring',
  'Vertex Sensors',
  'Westfield Plastics',
  'Xenon Lighting',
  'Yardley Motors',
  'Zenith Controls',
];

const FIRST_NAMES = [
  'Ana',
  'Ben',
  'Chloé',
  'Dmitri',
  'Elif',
  'Farah',
  'Georg',
  'Hana',
  'Ivan',
  'Jürgen',
  'Kate',
  'Luis',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rafael',
  'Sofia',
  'Tomás',
];
const LAST_NAMES = [
  'Andersen',
  'Becker',
  'Costa',
  'Duval',
  'Eriksen',
  'Fischer',
  'García',
  'Hoffmann',
  'Ito',
  'Jensen',
  'Kowalski',
  "O'Brien",
  'Müller',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Weber',
];

const ITEMS = [
  ['BRG-6204', 'Ball bearing 6204-2RS', 'MACH', '5000', 240, 1890],
  ['FST-M8', 'Hex bolt M8x30 (box of 100)', 'ASSY', '5000', 40, 2450],
  ['CST-HSG', 'Aluminium housing casting', 'MACH', '5100', 60, 14800],
  ['PCB-CTRL', 'Controller board rev C', 'ASSY', '5000', 120, 6325],
  ['GSK-220', 'Gasket 220 mm EPDM', 'ASSY', '5000', 500, 185],
  ['SRV-CAL', 'Gauge calibration service', 'QUAL', '6300', 1, 95000],
  ['PKG-CRT', 'Export crate, heat treated', 'ADMIN', '6700', 30, 7800],
] as const;

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return iso(date);
}

function periods(entity: string, asOf: string): DemoPeriod[] {
  const today = new Date(`${asOf}T00:00:00Z`);
  const out: DemoPeriod[] = [];
  // Two calendar years: the previous and the current. Months before the previous month are closed; the
  // previous month stays open for late invoices in the US entity only (so the two entities differ).
  for (const year of [today.getUTCFullYear() - 1, today.getUTCFullYear()]) {
    for (let month = 1; month <= 12; month += 1) {
      const start = new Date(Date.UTC(year, month - 1, 1));
      const end = new Date(Date.UTC(year, month, 0));
      const monthsAgo = (today.getUTCFullYear() - year) * 12 + (today.getUTCMonth() + 1 - month);
      const open = monthsAgo <= 0 || (monthsAgo === 1 && entity === '10USA');
      out.push({
        entity,
        year,
        period: month,
        start: iso(start),
        end: iso(end),
        status: open ? 'open' : 'closed',
      });
    }
  }
  return out;
}

function supplierCode(index: number, name: string): string {
  return `${name
    .replace(/[^A-Z]/gi, '')
    .slice(0, 4)
    .toUpperCase()}${String(index + 1).padStart(3, '0')}`.slice(0, 8);
}

export function generateDemoCompany(options: DemoOptions = {}): DemoCompany {
  const seed = options.seed ?? 42;
  const size = typeof options.size === 'object' ? options.size : DEMO_SIZES[options.size ?? 'demo'];
  const asOf = options.asOf ?? iso(new Date());
  const random: Random = seededRandom(seed);

  const costCenters: DemoCostCenter[] = ENTITIES.flatMap((entity) =>
    PLANTS.map((plant) => ({
      code: `${entity.code.slice(0, 2)}-${plant}`.replace('-', ''),
      description: `${PLANT_NAMES[plant]} ${entity.code === '10USA' ? 'Dayton' : 'Stuttgart'}`,
      entity: entity.code,
      // One retired cost center per entity so inactive values appear in the demo.
      active: plant !== 'SALES',
    })),
  );

  const suppliers: DemoSupplier[] = [];
  for (let i = 0; i < size.suppliers; i += 1) {
    const base = SUPPLIER_NAMES[i % SUPPLIER_NAMES.length] ?? 'Supplier';
    const name = i < SUPPLIER_NAMES.length ? base : `${base} ${Math.floor(i / SUPPLIER_NAMES.length) + 1}`;
    suppliers.push({
      code: supplierCode(i, base),
      name: `${name} ${pick(random, ['Ltd', 'Inc.', 'GmbH', 'LLC', 'AG', 'Co.'])}`,
      currency: i % 3 === 2 ? 'EUR' : 'USD',
      active: i % 11 !== 10,
      isEmployee: false,
    });
  }

  const employees: DemoEmployee[] = [];
  for (let i = 0; i < size.employees; i += 1) {
    const firstName = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Alex';
    const lastName = LAST_NAMES[(i * 7) % LAST_NAMES.length] ?? 'Smith';
    const entity = i % 3 === 2 ? '20DEU' : '10USA';
    const id = `E${String(1001 + i)}`;
    const local = `${firstName}.${lastName}`
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z.]/g, '')
      .toLowerCase();
    const entityCenters = costCenters.filter((c) => c.entity === entity && c.active);
    employees.push({
      id,
      firstName,
      lastName,
      email: `${local}${i >= FIRST_NAMES.length ? i : ''}@meridian-components.example`,
      entity,
      supplierCode: id,
      costCenter: pick(random, entityCenters).code,
    });
  }
  // Managers: the first employee of each entity approves for the others of that entity.
  const withManagers = employees.map((employee) => {
    const manager = employees.find((e) => e.entity === employee.entity);
    return manager && manager.id !== employee.id ? { ...employee, managerEmail: manager.email } : employee;
  });
  for (const employee of withManagers) {
    suppliers.push({
      code: employee.supplierCode,
      name: `${employee.firstName} ${employee.lastName}`,
      currency: ENTITIES.find((e) => e.code === employee.entity)?.currency ?? 'USD',
      // The last employee has left: the supplier record is inactive (a reimbursement exception in the demo).
      active: employee !== withManagers[withManagers.length - 1],
      isEmployee: true,
    });
  }

  const purchaseOrders: DemoPurchaseOrder[] = [];
  const receipts: DemoReceipt[] = [];
  const tradeSuppliers = suppliers.filter((s) => !s.isEmployee && s.active);
  for (let i = 0; i < size.purchaseOrders; i += 1) {
    const entity = ENTITIES[i % 4 === 3 ? 1 : 0] ?? ENTITIES[0];
    if (!entity) throw new Error('no entity');
    const supplier = pick(random, tradeSuppliers);
    const orderDate = addDays(asOf, -intBetween(random, 10, 60));
    const lineCount = intBetween(random, 1, 3);
    const lines: DemoPoLine[] = [];
    for (let line = 1; line <= lineCount; line += 1) {
      const [item, description, plant, glAccount, quantity, unitPrice] = pick(random, ITEMS);
      lines.push({
        line,
        item,
        description,
        quantity,
        unitPriceMinor: unitPrice,
        glAccount,
        costCenter: `${entity.code.slice(0, 2)}${plant}`,
      });
    }
    const number = `PO${String(20000 + i)}`;
    purchaseOrders.push({
      number,
      entity: entity.code,
      supplier: supplier.code,
      currency: entity.currency,
      orderDate,
      lines,
    });
    // Receipts: most POs fully received, some partly, some not yet (awaiting receipt in the demo).
    const received = i % 5;
    for (const line of lines) {
      if (received === 4) continue; // nothing received yet
      const quantity = received === 3 ? Math.max(1, Math.floor(line.quantity / 2)) : line.quantity;
      receipts.push({
        receiver: `RC${String(50000 + receipts.length)}`,
        poNumber: number,
        poLine: line.line,
        quantity,
        date: addDays(orderDate, intBetween(random, 3, 9)),
      });
    }
  }

  return {
    seed,
    asOf,
    domain: 'QMFG',
    entities: ENTITIES,
    suppliers,
    accounts: ACCOUNTS,
    subAccounts: [
      { code: 'OPS', description: 'Operations', active: true },
      { code: 'SGA', description: 'Selling, general and admin', active: true },
      { code: 'RND', description: 'Research and development', active: true },
      { code: 'LEGACY', description: 'Legacy division (closed)', active: false },
    ],
    costCenters,
    projects: [
      { code: 'P-EV200', description: 'EV200 drive housing launch', active: true },
      { code: 'P-LEAN26', description: 'Lean cell rollout', active: true },
      { code: 'P-ERP', description: 'ERP upgrade', active: true },
      { code: 'P-OLD01', description: 'Closed project', active: false },
    ],
    periods: ENTITIES.flatMap((entity) => periods(entity.code, asOf)),
    purchaseOrders,
    receipts,
    employees: withManagers,
    expenseCategories: EXPENSE_CATEGORIES,
  };
}
