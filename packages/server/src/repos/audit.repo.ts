import type { Db, Timestamp } from '../db/schema.ts';

export interface AuditEntry {
  orgId: number | null;
  actorId: number | null;
  /** `session.login`, `ledger.import` … */
  action: string;
  entity: string;
  entityId: string | number | null;
  detail?: Record<string, unknown>;
}

/**
 * The audit log's only write. There is deliberately no update or delete: the log is
 * append-only.
 */
export async function appendAudit(db: Db, entry: AuditEntry, now: Timestamp): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      org_id: entry.orgId,
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      detail: JSON.stringify(entry.detail ?? {}),
      at: now,
    })
    .execute();
}
