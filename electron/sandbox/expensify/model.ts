// The simulator's state: Expensify policies, employees, reports with their expenses and exported labels,
// created expenses and export files. Ids are strings (research sheet section 13); amounts are integer minor
// units of their currency (cents; JPY has none).

export type ReportState = 'OPEN' | 'SUBMITTED' | 'APPROVED' | 'REIMBURSED' | 'ARCHIVED';
export const REPORT_STATES: readonly ReportState[] = [
  'OPEN',
  'SUBMITTED',
  'APPROVED',
  'REIMBURSED',
  'ARCHIVED',
];

/** [U] `report.status` in templates: the UI labels (Open / Processing / Approved / Reimbursed / Closed). */
export const STATUS_LABELS: Readonly<Record<ReportState, string>> = {
  OPEN: 'Open',
  SUBMITTED: 'Processing',
  APPROVED: 'Approved',
  REIMBURSED: 'Reimbursed',
  ARCHIVED: 'Closed',
};

export interface SimExpense {
  transactionID: string;
  externalID?: string;
  /** yyyy-mm-dd */
  created: string;
  modifiedCreated?: string;
  inserted: string;
  merchant: string;
  modifiedMerchant?: string;
  /** Minor units of `currency`; credits (refunds) are negative. */
  amount: number;
  modifiedAmount?: number;
  /** Minor units of the report currency when `currency` differs. */
  convertedAmount?: number;
  currency: string;
  category?: string;
  tag?: string;
  comment?: string;
  reimbursable: boolean;
  billable: boolean;
}

export interface ExportedLabel {
  readonly label: string;
  readonly at: string;
}

export interface SimReport {
  reportID: string;
  reportName: string;
  policyID: string;
  accountEmail: string;
  managerEmail?: string;
  status: ReportState;
  /** "yyyy-MM-dd HH:mm:ss" [U] */
  created: string;
  submitted?: string;
  approved?: string;
  reimbursed?: string;
  currency: string;
  expenses: SimExpense[];
  exportedLabels: ExportedLabel[];
}

export interface SimCategory {
  name: string;
  enabled: boolean;
  glCode?: string;
  payrollCode?: string;
  areCommentsRequired?: boolean;
  commentHint?: string;
  maxExpenseAmount?: number;
}

export interface SimTag {
  name: string;
  enabled: boolean;
  glCode?: string;
}

export interface SimTagLevel {
  name: string;
  tags: SimTag[];
}

export interface SimReportField {
  name: string;
  type: 'text' | 'dropdown' | 'date' | 'formula';
  values?: string[];
  defaultValue?: string;
}

export interface SimEmployee {
  email: string;
  firstName: string;
  lastName: string;
  employeeID: string;
  managerEmail?: string;
  policyID: string;
  role: 'user' | 'auditor' | 'admin';
  customField1?: string;
  customField2?: string;
}

export interface SimPolicy {
  id: string;
  name: string;
  type: 'corporate' | 'team';
  role: 'admin' | 'user' | 'auditor';
  owner: string;
  outputCurrency: string;
  /** The QAD entity this policy belongs to (demo bookkeeping, not an Expensify field). */
  entity: string;
  categories: SimCategory[];
  /** One level ("Cost Center") in the demo. */
  tags: SimTagLevel[];
  reportFields: SimReportField[];
}

export interface CreatedExpense extends SimExpense {
  readonly employeeEmail: string;
  readonly policyID?: string;
  readonly reportID?: string;
}

export interface ExportFile {
  readonly fileName: string;
  readonly body: string;
  readonly contentType: string;
  readonly createdAt: number;
  readonly reportIDs: readonly string[];
  downloadAttempts: number;
}

export interface ExpensifySimState {
  readonly policies: SimPolicy[];
  readonly employees: SimEmployee[];
  readonly reports: SimReport[];
  readonly createdExpenses: CreatedExpense[];
  readonly files: Map<string, ExportFile>;
  /** 429 answers given by the rate limiter (injected faults are counted by the fault injector). */
  rateLimited: number;
}
