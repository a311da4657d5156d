import { prepareQuery } from '../db/prepared.ts';
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
const insertAudit = prepareQuery(
  (
    db,
    row: {
      orgId: number | null;
      actorId: number | null;
      action: string;
      entity: string;
      entityId: string | null;
      detail: string;
      at: Timestamp;
    },
  ) =>
    db.insertInto('audit_log').values({
      org_id: row.orgId,
      actor_id: row.actorId,
      action: row.action,
      entity: row.entity,
      entity_id: row.entityId,
      detail: row.detail,
      at: row.at,
    }),
);

export async function appendAudit(db: Db, entry: AuditEntry, now: Timestamp): Promise<void> {
  await insertAudit.execute(db, {
    orgId: entry.orgId,
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    detail: JSON.stringify(entry.detail ?? {}),
    at: now,
  });
}
