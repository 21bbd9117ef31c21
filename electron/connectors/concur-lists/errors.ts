// Why a list push or preview cannot start. Each is raised before anything is sent to Concur, and names the
// value at fault (the list id, the confirmed code) and the setting or argument that fixes it.
export type ListPushErrorCode =
  'not_configured' | 'list_not_found' | 'list_deleted' | 'managed_by_other' | 'bad_confirm';

export class ListPushError extends Error {
  readonly code: ListPushErrorCode;
  /** The setting or argument at fault, e.g. `concur.lists.cost_center.listId` or `confirmDelete[0]`. */
  readonly field: string | undefined;

  constructor(code: ListPushErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'ListPushError';
    this.code = code;
    this.field = field;
  }
}
