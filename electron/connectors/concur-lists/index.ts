// QAD cost centers, sub-accounts and projects -> SAP Concur lists (List v4 / List Item Bulk v4), and the GL
// alignment report. The engine wires `createListHandlers`; the CLI calls `runListsPush` / `runGlReport`.
export { ListPushError, type ListPushErrorCode } from './errors.ts';
export {
  ConcurListError,
  ListsClient,
  LIST_BASE,
  MAX_BULK_PARTS,
  type BulkPartResult,
  type BulkResult,
  type ConcurListItemInfo,
  type CreatePart,
  type ListFilter,
  type PartOutcome,
  type PatchPart,
} from './lists-client.ts';
export {
  MAX_NAME_LENGTH,
  planList,
  type HierarchyLevel,
  type PlanInput,
  type QadDimensionRecord,
  type QadEntityRecord,
} from './plan.ts';
export { readQadDimension, type QadDimensionValues } from './qad-values.ts';
export { availableLists, previewList, pushList, type ListPushDeps, type ListPushInput } from './push.ts';
export {
  buildGlReport,
  glReportFrom,
  qadIndexFromDb,
  type GlReportDocument,
  type GlReportOptions,
  type QadIndex,
  type QadRecordView,
} from './gl-report.ts';
export {
  createListHandlers,
  listFailure,
  type ListCallContext,
  type ListHandlerDeps,
  type ListHandlers,
} from './handlers.ts';
export {
  formatGlReport,
  formatPreview,
  runGlReport,
  runListsPush,
  type ListsCliDeps,
  type ListsPushOptions,
} from './cli.ts';
