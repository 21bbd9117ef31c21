// QAD suppliers (from the local master-data cache) -> Concur Invoice vendors v3.1. `diffVendors` is a pure
// preview: adds, changes (name, currency, re-approval) and deactivations (QAD inactive -> `Approved` N; the
// app never deletes: research/concur.md 8). `pushVendors` sends them and writes one audit row per vendor.
// The vendor API has no idempotency key, so before a create the code is noted as "sending" in the cursor
// table; a code still "sending" on a later push (lost reply, crash, look-up failure) is looked up by code
// first and never created twice. Employees (QAD suppliers flagged isEmployee) are not Invoice vendors.
import type { Settings } from '../../../shared/settings.ts';
import { type Db, appendAudit, getCursor, listQadRecords, setCursor } from '../../store/index.ts';
import {
  type ConcurVendor,
  ConcurOutcomeUnclearError,
  ConcurReauthorizeError,
  type VendorClient,
  type VendorInput,
  type VendorWriteResult,
} from '../concur/index.ts';

export interface QadSupplierRow {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly active: boolean;
  readonly isEmployee: boolean;
}

export type VendorField = 'VendorName' | 'CurrencyCode' | 'Approved';

export interface VendorFieldChange {
  readonly field: VendorField;
  readonly from: string | undefined;
  readonly to: string;
}

export interface VendorPlanItem {
  readonly action: 'add' | 'change' | 'deactivate';
  readonly vendorCode: string;
  readonly addressCode: string;
  readonly name: string;
  readonly changes: readonly VendorFieldChange[];
  /** Concur's record id of the vendor changed (absent for adds). */
  readonly concurId?: string;
  /** The record to send: the whole vendor for an update (PUT may replace what is left out: unconfirmed). */
  readonly record: Readonly<Record<string, string>>;
}

export interface VendorPushPlan {
  readonly adds: readonly VendorPlanItem[];
  readonly changes: readonly VendorPlanItem[];
  readonly deactivations: readonly VendorPlanItem[];
  /** Suppliers already the same in Concur. */
  readonly unchanged: number;
  /** Concur vendor codes QAD does not know: left alone (never deleted, never guessed inactive). */
  readonly notInQad: readonly string[];
  /** Codes Concur holds more than once under our address code (an earlier duplicate create): shown, not fixed. */
  readonly duplicates: readonly string[];
}

export type VendorPushSettings = Settings['concur']['vendors'];

const READ_ONLY = new Set(['ID', 'URI', 'StatusList', 'VendorBankList', 'VendorGroupList']);

/** Reads the cached QAD suppliers (domain-wide, entity '*', as the masterData flow stores them). */
export function readQadSuppliers(db: Db): QadSupplierRow[] {
  return listQadRecords(db, 'supplier', '*').map((record) => {
    const p = record.payload;
    return {
      code: record.code,
      name: typeof p.name === 'string' ? p.name.trim() : record.code,
      currency: typeof p.currency === 'string' ? p.currency.trim().toUpperCase() : '',
      active: record.active,
      isEmployee: p.isEmployee === true,
    };
  });
}

function approvedFlag(vendor: ConcurVendor): 'Y' | 'N' {
  return vendor.approved ? 'Y' : 'N';
}

/** The existing record as text fields to send back (read-only and empty fields left out). */
function baseRecord(vendor: ConcurVendor): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(vendor.fields)) {
    if (READ_ONLY.has(key) || value.trim() === '') continue;
    out[key] = value;
  }
  return out;
}

/** PURE: what a push would send. */
export function diffVendors(
  suppliers: readonly QadSupplierRow[],
  vendors: readonly ConcurVendor[],
  settings: VendorPushSettings,
): VendorPushPlan {
  const addressCode = settings.addressCode;
  const byCode = new Map<string, ConcurVendor[]>();
  for (const vendor of vendors) {
    const list = byCode.get(vendor.vendorCode) ?? [];
    list.push(vendor);
    byCode.set(vendor.vendorCode, list);
  }
  const adds: VendorPlanItem[] = [];
  const changes: VendorPlanItem[] = [];
  const deactivations: VendorPlanItem[] = [];
  const duplicates: string[] = [];
  let unchanged = 0;
  const qadCodes = new Set<string>();
  const ordered = [...suppliers].sort((a, b) => a.code.localeCompare(b.code));
  for (const supplier of ordered) {
    if (supplier.isEmployee) continue;
    qadCodes.add(supplier.code);
    const records = byCode.get(supplier.code) ?? [];
    const ours = records.filter((v) => v.addressCode === addressCode);
    if (ours.length > 1) duplicates.push(supplier.code);
    // Our address first; a vendor created by hand under another address code is updated where it is.
    const current = ours[0] ?? records[0];
    if (!current) {
      // An inactive supplier Concur never had stays out of Concur.
      if (!supplier.active) continue;
      const country = settings.countryByCurrency[supplier.currency] ?? settings.countryCode;
      adds.push({
        action: 'add',
        vendorCode: supplier.code,
        addressCode,
        name: supplier.name,
        changes: [
          { field: 'VendorName', from: undefined, to: supplier.name },
          { field: 'CurrencyCode', from: undefined, to: supplier.currency },
        ],
        record: {
          VendorCode: supplier.code,
          AddressCode: addressCode,
          VendorName: supplier.name,
          CurrencyCode: supplier.currency,
          CountryCode: country,
          Approved: 'Y',
        },
      });
      continue;
    }
    const diff: VendorFieldChange[] = [];
    const name = current.fields.VendorName?.trim();
    if (supplier.name !== '' && name !== supplier.name)
      diff.push({ field: 'VendorName', from: name, to: supplier.name });
    const currency = (current.fields.CurrencyCode ?? current.fields.CurrenyCode)?.trim().toUpperCase();
    if (supplier.currency !== '' && currency !== supplier.currency)
      diff.push({ field: 'CurrencyCode', from: currency, to: supplier.currency });
    const wanted = supplier.active ? 'Y' : 'N';
    if (approvedFlag(current) !== wanted)
      diff.push({ field: 'Approved', from: approvedFlag(current), to: wanted });
    if (diff.length === 0) {
      unchanged += 1;
      continue;
    }
    const record: Record<string, string> = {
      ...baseRecord(current),
      VendorCode: current.vendorCode,
      AddressCode: current.addressCode,
    };
    for (const change of diff) record[change.field] = change.to;
    record.Approved = wanted;
    // The swagger's misspelt `CurrenyCode` is not sent back next to the right field.
    delete record.CurrenyCode;
    const item: VendorPlanItem = {
      action: !supplier.active && approvedFlag(current) === 'Y' ? 'deactivate' : 'change',
      vendorCode: supplier.code,
      addressCode: current.addressCode,
      name: supplier.name,
      changes: diff,
      ...(current.id ? { concurId: current.id } : {}),
      record,
    };
    (item.action === 'deactivate' ? deactivations : changes).push(item);
  }
  const notInQad = [...new Set(vendors.map((v) => v.vendorCode))]
    .filter((code) => !qadCodes.has(code))
    .sort();
  return { adds, changes, deactivations, unchanged, notInQad, duplicates };
}

// ---- push -------------------------------------------------------------------------------------------------

export interface VendorPushInput {
  readonly db: Db;
  /** The Concur client's vendor API (`createConcurClient(...).vendors`). */
  readonly vendors: VendorClient;
  readonly settings: Settings;
  /** Who pushed: the person, or 'scheduler'. */
  readonly actor: string;
  readonly now?: () => Date;
}

export type VendorPushOutcome = 'done' | 'recovered' | 'failed' | 'unclear';

export interface VendorPushItemResult {
  readonly action: VendorPlanItem['action'];
  readonly vendorCode: string;
  readonly addressCode: string;
  readonly outcome: VendorPushOutcome;
  readonly concurId?: string;
  readonly message: string;
}

export interface VendorPushReport {
  readonly plan: VendorPushPlan;
  readonly results: readonly VendorPushItemResult[];
  /** Vendors Concur now has as planned (done or recovered). */
  readonly succeeded: number;
  readonly failed: number;
  /** Creates whose outcome is unknown: looked up by code before the next push sends anything. */
  readonly unclear: number;
}

/** Cursor table keys: source 'concur', one stream per vendor code. */
const CURSOR_SOURCE = 'concur';
const cursorStream = (code: string): string => `vendor/${code}`;

interface VendorCursor {
  readonly state: 'sending' | 'created' | 'failed';
  readonly id?: string;
  readonly at: string;
}

function readCursor(db: Db, code: string): VendorCursor | undefined {
  const value = getCursor(db, CURSOR_SOURCE, cursorStream(code))?.value;
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<VendorCursor>;
    return parsed.state ? (parsed as VendorCursor) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the QAD cache and Concur's vendors (one listing, all pages) and computes the plan. */
export async function previewVendorPush(input: Omit<VendorPushInput, 'actor'>): Promise<VendorPushPlan> {
  const suppliers = requireSuppliers(input.db);
  const vendors = await input.vendors.list();
  return diffVendors(suppliers, vendors, input.settings.concur.vendors);
}

function requireSuppliers(db: Db): QadSupplierRow[] {
  const suppliers = readQadSuppliers(db);
  if (suppliers.length === 0) {
    throw new Error(
      'No QAD suppliers are cached yet: run the QAD master data refresh before pushing vendors.',
    );
  }
  return suppliers;
}

export async function pushVendors(input: VendorPushInput): Promise<VendorPushReport> {
  const { db, vendors: api } = input;
  const now = input.now ?? (() => new Date());
  const at = () => now().toISOString();
  const suppliers = requireSuppliers(db);
  const listed = await api.list();
  const plan = diffVendors(suppliers, listed, input.settings.concur.vendors);
  const results: VendorPushItemResult[] = [];

  const audit = (item: VendorPlanItem, result: VendorPushItemResult) => {
    results.push(result);
    appendAudit(db, {
      actor: input.actor,
      action:
        result.outcome === 'done' || result.outcome === 'recovered'
          ? `concur_vendor.${item.action === 'add' ? (result.outcome === 'recovered' ? 'recovered' : 'created') : item.action === 'deactivate' ? 'deactivated' : 'updated'}`
          : `concur_vendor.${result.outcome === 'unclear' ? 'unclear' : 'failed'}`,
      subjectType: 'concur_vendor',
      subjectId: `${item.vendorCode}/${item.addressCode}`,
      detail: {
        vendorCode: item.vendorCode,
        addressCode: item.addressCode,
        action: item.action,
        outcome: result.outcome,
        ...(result.concurId ? { concurId: result.concurId } : {}),
        changes: item.changes.map((c) => ({ field: c.field, from: c.from ?? null, to: c.to })),
        message: result.message.slice(0, 500),
      },
      at: at(),
    });
  };
  const setState = (code: string, state: VendorCursor['state'], id?: string) => {
    setCursor(
      db,
      CURSOR_SOURCE,
      cursorStream(code),
      JSON.stringify({ state, ...(id ? { id } : {}), at: at() }),
      { actor: input.actor, at: at() },
    );
  };

  // A code left "sending" by an earlier push that Concur lists now: that create went through.
  for (const vendor of listed) {
    if (readCursor(db, vendor.vendorCode)?.state === 'sending')
      setState(vendor.vendorCode, 'created', vendor.id);
  }

  // 1. Adds. Settle earlier unclear creates by a look-up first; note the rest as "sending" before the POST.
  const toCreate: VendorPlanItem[] = [];
  for (const item of plan.adds) {
    if (readCursor(db, item.vendorCode)?.state !== 'sending') {
      toCreate.push(item);
      continue;
    }
    let found: ConcurVendor[];
    try {
      found = await api.findByCode(item.vendorCode, item.addressCode);
    } catch (error) {
      if (error instanceof ConcurReauthorizeError) throw error;
      audit(item, {
        action: 'add',
        vendorCode: item.vendorCode,
        addressCode: item.addressCode,
        outcome: 'unclear',
        message: `An earlier create had no clear answer and the look-up failed (${errorText(error)}); not sent again.`,
      });
      continue;
    }
    const match = found[0];
    if (match) {
      setState(item.vendorCode, 'created', match.id);
      audit(item, {
        action: 'add',
        vendorCode: item.vendorCode,
        addressCode: item.addressCode,
        outcome: 'recovered',
        ...(match.id ? { concurId: match.id } : {}),
        message: 'Found in Concur by code: an earlier create went through.',
      });
    } else toCreate.push(item);
  }
  if (toCreate.length > 0) {
    db.transaction(() => {
      for (const item of toCreate) setState(item.vendorCode, 'sending');
    })();
    let written: VendorWriteResult[] | undefined;
    try {
      written = await api.create(toCreate.map((item) => item.record as VendorInput));
    } catch (error) {
      const unclear = error instanceof ConcurOutcomeUnclearError;
      for (const item of toCreate) {
        // A clear refusal (400, config) created nothing; an unclear one stays "sending" for the next push.
        if (!unclear) setState(item.vendorCode, 'failed');
        audit(item, {
          action: 'add',
          vendorCode: item.vendorCode,
          addressCode: item.addressCode,
          outcome: unclear ? 'unclear' : 'failed',
          message: errorText(error),
        });
      }
      if (error instanceof ConcurReauthorizeError) throw error;
    }
    written?.forEach((result, index) => {
      const item = toCreate[index];
      if (!item) return;
      const outcome: VendorPushOutcome = result.ok ? (result.recovered ? 'recovered' : 'done') : 'failed';
      setState(item.vendorCode, result.ok ? 'created' : 'failed', result.id);
      audit(item, {
        action: 'add',
        vendorCode: item.vendorCode,
        addressCode: item.addressCode,
        outcome,
        ...(result.id ? { concurId: result.id } : {}),
        message: result.message || (result.ok ? 'created' : 'refused'),
      });
    });
  }

  // 2. Changes and deactivations: updates by VendorCode + AddressCode, harmless to repeat.
  const updates = [...plan.changes, ...plan.deactivations];
  if (updates.length > 0) {
    let written: VendorWriteResult[] | undefined;
    try {
      written = await api.update(updates.map((item) => item.record as VendorInput));
    } catch (error) {
      for (const item of updates) {
        audit(item, {
          action: item.action,
          vendorCode: item.vendorCode,
          addressCode: item.addressCode,
          outcome: 'failed',
          message: errorText(error),
        });
      }
      if (error instanceof ConcurReauthorizeError) throw error;
    }
    written?.forEach((result, index) => {
      const item = updates[index];
      if (!item) return;
      const id = result.id ?? item.concurId;
      audit(item, {
        action: item.action,
        vendorCode: item.vendorCode,
        addressCode: item.addressCode,
        outcome: result.ok ? 'done' : 'failed',
        ...(id ? { concurId: id } : {}),
        message: result.message || (result.ok ? 'updated' : 'refused'),
      });
    });
  }

  const count = (...outcomes: VendorPushOutcome[]) =>
    results.filter((r) => outcomes.includes(r.outcome)).length;
  return {
    plan,
    results,
    succeeded: count('done', 'recovered'),
    failed: count('failed'),
    unclear: count('unclear'),
  };
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
