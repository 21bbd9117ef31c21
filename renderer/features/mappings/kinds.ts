// What each mapping table maps, and to which QAD values (pure; tested in test/web/renderer-mappings.test.ts).
import type { QadValueKind } from '../../../shared/contract/qad.ts';
import type { MappingKind } from '../../../shared/domain/exception.ts';

export type TargetKey = 'supplier' | 'glAccount' | 'subAccount' | 'costCenter' | 'entity' | 'project';

export interface TargetField {
  readonly key: TargetKey;
  readonly label: string;
  readonly qadKind: QadValueKind;
  readonly required: boolean;
}

export interface KindDefinition {
  readonly kind: MappingKind;
  readonly label: string;
  /** What the source calls the value, e.g. "Concur vendor code". */
  readonly sourceLabel: string;
  readonly targets: readonly TargetField[];
  /** QAD values of this kind belong to one entity, so a fix is saved for the document's entity. */
  readonly perEntity: boolean;
}

const supplier: TargetField = { key: 'supplier', label: 'QAD supplier', qadKind: 'supplier', required: true };
const subAccount: TargetField = {
  key: 'subAccount',
  label: 'Sub-account',
  qadKind: 'sub_account',
  required: false,
};

export const KIND_DEFINITIONS: readonly KindDefinition[] = [
  { kind: 'vendor', label: 'Vendors', sourceLabel: 'Concur vendor', targets: [supplier], perEntity: false },
  {
    kind: 'gl_account',
    label: 'Expense types',
    sourceLabel: 'Expense type / category',
    targets: [
      { key: 'glAccount', label: 'GL account', qadKind: 'gl_account', required: true },
      subAccount,
      { key: 'costCenter', label: 'Cost center', qadKind: 'cost_center', required: false },
    ],
    perEntity: true,
  },
  {
    kind: 'cost_center',
    label: 'Cost objects',
    sourceLabel: 'Cost object / tag',
    targets: [
      { key: 'costCenter', label: 'Cost center', qadKind: 'cost_center', required: true },
      subAccount,
    ],
    perEntity: true,
  },
  {
    kind: 'employee',
    label: 'Employees',
    sourceLabel: 'Employee (id or e-mail)',
    targets: [supplier],
    perEntity: false,
  },
  {
    kind: 'entity',
    label: 'Entities',
    sourceLabel: 'Concur company / Expensify policy',
    targets: [{ key: 'entity', label: 'QAD entity', qadKind: 'entity', required: true }],
    perEntity: false,
  },
];

export function kindDefinition(kind: MappingKind): KindDefinition {
  const found = KIND_DEFINITIONS.find((d) => d.kind === kind);
  if (!found) throw new Error(`unknown mapping kind ${kind}`);
  return found;
}

/** The target a fix of one exception value sets: the kind's first (required) field. */
export function primaryTarget(kind: MappingKind): TargetField {
  return kindDefinition(kind).targets[0]!;
}

/** Known QAD values of one kind: code -> active. Undefined while not loaded (nothing is flagged then). */
export type QadCatalogue = ReadonlyMap<
  string,
  { readonly active: boolean; readonly description: string; readonly postable?: boolean }
>;

/** The catalogue a row of one entity is checked against; undefined when nothing can be checked. */
export type EntityCatalogue = (entity: string) => QadCatalogue | undefined;

/**
 * Why a target value cannot be saved, in words; undefined when it can. Without `entity`, `catalogue` is every
 * value of the kind and an empty one means "not loaded" (nothing is flagged). With `entity`, `catalogue` is
 * that entity's own values plus the domain-wide ones (api/qad-values.ts `forEntity`), the caller passes
 * undefined when nothing is loaded, and an empty one means the entity has no such values at all.
 */
export function targetProblem(
  field: TargetField,
  value: string | undefined,
  catalogue: QadCatalogue | undefined,
  entity?: string,
): string | undefined {
  const code = (value ?? '').trim();
  if (code === '') return field.required ? `${field.label} is required` : undefined;
  if (code.length > 80) return `${field.label} is longer than 80 characters`;
  if (catalogue === undefined || (catalogue.size === 0 && entity === undefined)) return undefined;
  const where =
    entity !== undefined && entity.trim() !== '' && entity.trim() !== '*'
      ? ` for entity ${entity.trim()}`
      : '';
  const found = catalogue.get(code);
  if (!found) return `${field.label} "${code}" does not exist in QAD${where}`;
  if (!found.active) return `${field.label} "${code}" is inactive in QAD${where}`;
  if (found.postable === false) return `${field.label} "${code}" is a header account and takes no postings`;
  return undefined;
}
