// Pure: the push previews and reports of the contract flattened into grid rows, and the GL report as CSV.
// One row per thing a person decides on or checks, with the reason in words.
import Papa from 'papaparse';
import type { GlReport, ListPreview, RefusalReason } from '../../../shared/contract/lists.ts';
import type {
  PolicyPlanView,
  VendorFieldChangeView,
  VendorPushPlanView,
} from '../../../shared/contract/pushes.ts';

/** A grid just tall enough for its rows (header 48 px, rows 42 px), between 160 px and `max`. */
export function gridHeight(rows: number, max = 360): string {
  return `${Math.min(max, Math.max(160, 52 + 42 * Math.max(rows, 2)))}px`;
}

// ---- Concur lists -------------------------------------------------------------------------------------------

export interface ListDiffRow {
  readonly id: string;
  readonly change: 'add' | 'rename' | 'delete' | 'refused';
  readonly code: string;
  readonly level?: number;
  readonly detail: string;
  readonly qadValue: string;
}

export const REFUSAL_WORDS: Record<RefusalReason, string> = {
  code_hyphen: 'Code contains "-" (Concur joins levels with it)',
  code_too_long: 'Code too long for Concur',
  too_deep: 'Deeper than the Concur list',
  deleted_in_concur: 'Deleted in Concur earlier (cannot be created again)',
  name_invalid: 'Name Concur does not accept',
  parent_refused: 'Its parent is refused',
  duplicate_in_qad: 'Duplicated in QAD',
};

export function listDiffRows(preview: ListPreview): ListDiffRow[] {
  return [
    ...preview.adds.map((a) => ({
      id: `add:${a.code}`,
      change: 'add' as const,
      code: a.code,
      level: a.level,
      detail: a.value,
      qadValue: a.qadValue,
    })),
    ...preview.renames.map((r) => ({
      id: `rename:${r.code}`,
      change: 'rename' as const,
      code: r.code,
      level: r.level,
      detail: `${r.from} → ${r.to}`,
      qadValue: r.qadValue,
    })),
    ...preview.retirements.map((r) => ({
      id: `delete:${r.code}`,
      change: 'delete' as const,
      code: r.code,
      level: r.level,
      detail: `${r.value}: ${r.reason === 'inactive_in_qad' ? 'inactive in QAD' : 'not in QAD'}${
        r.alsoRemoves.length ? `; also removes ${r.alsoRemoves.join(', ')}` : ''
      }`,
      qadValue: r.qadValue,
    })),
    ...preview.refusals.map((r, i) => ({
      id: `refused:${i}:${r.qadValue}`,
      change: 'refused' as const,
      code: r.qadValue,
      detail: `${REFUSAL_WORDS[r.reason]}. ${r.message}`,
      qadValue: r.qadValue,
    })),
  ];
}

// ---- GL alignment -------------------------------------------------------------------------------------------

export interface GlRow {
  readonly id: string;
  readonly expenseType: string;
  readonly expenseTypeName: string;
  readonly field: string;
  readonly code: string;
  readonly documents: number;
  readonly entities: string;
  readonly state: string;
  readonly message: string;
}

export function glRows(report: GlReport): GlRow[] {
  return report.expenseTypes.flatMap((t) =>
    t.accounts.map((a) => ({
      id: `${t.expenseType}|${a.field}|${a.code}`,
      expenseType: t.expenseType,
      expenseTypeName: t.expenseTypeName ?? '',
      field: a.field,
      code: a.code,
      documents: a.documents,
      entities: a.entities.join(', '),
      state: a.state,
      message: a.message,
    })),
  );
}

export function glToCsv(rows: readonly GlRow[]): string {
  return Papa.unparse(
    {
      fields: [
        'expenseType',
        'expenseTypeName',
        'field',
        'accountCode',
        'documents',
        'entities',
        'qadStatus',
        'message',
      ],
      data: rows.map((r) => [
        r.expenseType,
        r.expenseTypeName,
        r.field,
        r.code,
        r.documents,
        r.entities,
        r.state,
        r.message,
      ]),
    },
    { newline: '\r\n' },
  );
}

/** Downloads `text` as a UTF-8 CSV file (with a BOM, so spreadsheet programs read accents right). */
export function downloadCsv(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- Concur vendors -----------------------------------------------------------------------------------------

export interface VendorRow {
  readonly id: string;
  readonly action: 'add' | 'change' | 'deactivate';
  readonly vendorCode: string;
  readonly name: string;
  readonly changes: string;
}

const VENDOR_FIELD_WORDS: Record<VendorFieldChangeView['field'], string> = {
  VendorName: 'Name',
  CurrencyCode: 'Currency',
  Approved: 'Approved',
};

export function describeVendorChanges(changes: readonly VendorFieldChangeView[]): string {
  return changes
    .map((c) => `${VENDOR_FIELD_WORDS[c.field]}: ${c.from === undefined ? '' : `${c.from} → `}${c.to}`)
    .join('; ');
}

export function vendorRows(plan: VendorPushPlanView): VendorRow[] {
  return [...plan.adds, ...plan.changes, ...plan.deactivations].map((item) => ({
    id: `${item.action}:${item.vendorCode}/${item.addressCode}`,
    action: item.action,
    vendorCode: item.vendorCode,
    name: item.name,
    changes: describeVendorChanges(item.changes),
  }));
}

export function vendorPlanSize(plan: VendorPushPlanView): number {
  return plan.adds.length + plan.changes.length + plan.deactivations.length;
}

// ---- Expensify policies -------------------------------------------------------------------------------------

export interface PolicyRow {
  readonly id: string;
  readonly policyId: string;
  readonly kind: 'category' | 'tag';
  readonly change: 'add' | 'change' | 'disable';
  readonly name: string;
  readonly glCode: string;
  readonly detail: string;
}

export function policyRows(plan: PolicyPlanView): PolicyRow[] {
  const held = new Set(plan.warnings.filter((w) => w.held).map((w) => `${w.kind}:${w.name}`));
  const rows: PolicyRow[] = [];
  const push = (
    kind: PolicyRow['kind'],
    change: PolicyRow['change'],
    name: string,
    glCode: string | undefined,
    detail: string,
  ) =>
    rows.push({
      id: `${plan.policyId}:${kind}:${change}:${name}`,
      policyId: plan.policyId,
      kind,
      change,
      name,
      glCode: glCode ?? '',
      detail:
        change === 'disable' && held.has(`${kind}:${name}`)
          ? 'Held: still used by reports on the road'
          : detail,
    });
  for (const c of plan.categories.added) push('category', 'add', c.name, c.glCode, 'New from QAD');
  for (const c of plan.categories.changed)
    push('category', 'change', c.after.name, c.after.glCode, changeWords(c.before, c.after));
  for (const c of plan.categories.disabled)
    push('category', 'disable', c.name, c.glCode, 'No longer an active expense account in QAD');
  for (const t of plan.tags?.added ?? []) push('tag', 'add', t.name, t.glCode, 'New cost center from QAD');
  for (const t of plan.tags?.changed ?? [])
    push('tag', 'change', t.after.name, t.after.glCode, changeWords(t.before, t.after));
  for (const t of plan.tags?.disabled ?? []) push('tag', 'disable', t.name, t.glCode, 'Not active in QAD');
  return rows;
}

function changeWords(
  before: { name: string; enabled: boolean; glCode?: string },
  after: { name: string; enabled: boolean; glCode?: string },
): string {
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`name ${before.name} → ${after.name}`);
  if ((before.glCode ?? '') !== (after.glCode ?? ''))
    parts.push(`GL code ${before.glCode ?? '—'} → ${after.glCode ?? '—'}`);
  if (before.enabled !== after.enabled) parts.push(after.enabled ? 'enabled again' : 'disabled');
  return parts.join('; ') || 'changed';
}

/**
 * Changes a push of this policy would really make: disabling an item that reports on the road use is held
 * back (not sent) unless the person confirmed it, so held items do not count.
 */
export function policyChangeCount(plan: PolicyPlanView): number {
  const c = plan.categories;
  const t = plan.tags;
  const held = plan.warnings.filter((w) => w.held).length;
  const all =
    c.added.length +
    c.changed.length +
    c.disabled.length +
    (t ? t.added.length + t.changed.length + t.disabled.length : 0);
  return Math.max(0, all - held);
}
