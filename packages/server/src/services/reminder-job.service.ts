/**
 * Automatic reminders (催办, issue 4). For every open period with a due date: from
 * `daysBefore` days before it to the due date itself, each unit that still owes a text (missing,
 * draft or returned) gets one `due-soon` reminder; after the due date each unit still owing
 * one gets one `late` reminder; a granted 延期 is that unit's due date for that task. A row in reminder_runs (unique per period, unit and kind),
 * written in the reminder's transaction, makes each reminder once-only whatever runs the job;
 * the lease (services/leased-job.ts) makes one instance of several run it at a time.
 * "Today" is the organisation's calendar day (China, UTC+8), as the board and timeliness count it.
 */
import { toLocalDate } from '@duban/core';
import type { Database } from '../db/dialect.ts';
import type { ReminderKind } from '../db/schema.ts';
import { appendAudit } from '../repos/audit.repo.ts';
import { listGrantedDueDates } from '../repos/round-extras.repo.ts';
import {
  insertReminderRun,
  listOpenPeriodsWithDueDate,
  listUnsubmittedSlots,
  setReminderRunNotification,
  type OpenRoundPeriod,
} from '../repos/notifications.repo.ts';
import { notifyUnit } from './notifications.service.ts';

export interface ReminderRunResult {
  /** One entry per reminder this run sent. */
  sent: { period: string; unitId: number; kind: ReminderKind; notificationId: number }[];
}

const DAY_MS = 24 * 3600 * 1000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Which reminder a period calls for today, if any. */
export function reminderKindFor(
  dueDate: string,
  today: string,
  daysBefore: number,
): ReminderKind | undefined {
  if (today > dueDate) return 'late';
  if (today >= addDays(dueDate, -daysBefore)) return 'due-soon';
  return undefined;
}

function messageFor(period: OpenRoundPeriod, kind: ReminderKind, count: number): string {
  return kind === 'late'
    ? `${period.label} 期填报已于 ${period.dueDate} 截止，本单位还有 ${count} 项任务未报送，请尽快填写并报送。`
    : `${period.label} 期填报将于 ${period.dueDate} 截止，本单位还有 ${count} 项任务未报送，请按时填写并报送。`;
}

/** One run of the job at `now`: sends every reminder that is due and was not sent before. */
export async function runReminders(
  database: Database,
  options: { daysBefore: number; now: Date },
): Promise<ReminderRunResult> {
  const today = toLocalDate(options.now.toISOString());
  const nowIso = options.now.toISOString();
  const result: ReminderRunResult = { sent: [] };
  for (const period of await listOpenPeriodsWithDueDate(database.db)) {
    // A granted 延期 is the unit's due date for that task.
    const granted = new Map(
      (await listGrantedDueDates(database.db, period.orgId, period.id)).map((grant) => [
        `${grant.taskId}:${grant.unitId}`,
        grant.dueDate,
      ]),
    );
    const owing = new Map<string, { unitId: number; kind: ReminderKind; count: number }>();
    for (const slot of await listUnsubmittedSlots(database.db, period)) {
      const due = granted.get(`${slot.taskId}:${slot.unitId}`) ?? period.dueDate;
      const kind = reminderKindFor(due, today, options.daysBefore);
      if (kind === undefined) continue;
      const key = `${slot.unitId}:${kind}`;
      const entry = owing.get(key) ?? { unitId: slot.unitId, kind, count: 0 };
      entry.count += 1;
      owing.set(key, entry);
    }
    for (const { unitId, kind, count } of owing.values()) {
      const notificationId = await database.db.transaction().execute(async (trx) => {
        const runId = await insertReminderRun(
          trx,
          { orgId: period.orgId, periodId: period.id, unitId, kind },
          nowIso,
        );
        if (runId === undefined) return undefined;
        const message = messageFor(period, kind, count);
        const id = await notifyUnit(
          trx,
          {
            orgId: period.orgId,
            unitId,
            periodId: period.id,
            kind: `reminder-${kind}`,
            message,
            createdBy: null,
          },
          nowIso,
        );
        await setReminderRunNotification(trx, runId, id);
        await appendAudit(
          trx,
          {
            orgId: period.orgId,
            actorId: null,
            action: 'round.remind-auto',
            entity: 'unit',
            entityId: unitId,
            detail: { period: period.label, kind, message },
          },
          nowIso,
        );
        return id;
      });
      if (notificationId !== undefined) {
        result.sent.push({ period: period.label, unitId, kind, notificationId });
      }
    }
  }
  return result;
}
