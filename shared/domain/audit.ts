// The audit trail: append-only, hash-chained (each event carries the hash of the one before).

export interface AuditEvent {
  readonly seq: number;
  readonly at: string; // ISO timestamp
  readonly actor: string; // 'system', 'scheduler', or the person (OS user / named user)
  readonly action: string; // 'document.staged', 'batch.released', 'mapping.changed', ...
  readonly subjectType?: string;
  readonly subjectId?: string;
  /** Redacted detail: request and response summaries, before and after values. */
  readonly detail: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  /** The first event whose hash or link does not hold. */
  readonly firstBroken?: { readonly seq: number; readonly reason: string };
}
