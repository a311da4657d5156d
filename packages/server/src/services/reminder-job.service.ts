/**
 * Automatic reminders (催办, issue 4). A unit's due date for a task is the period's, or the date
 * granted by its latest 延期 for that task. From `daysBefore` days before a due date to that date
 * itself, a unit that still owes a text (missing, draft or returned) on a task due then gets a
 * `due-soon` reminder; after the date, a `late` one.
 *
 * The rule: one reminder per period, unit, kind and due date — not per task. A unit's owed
 * tasks are grouped by their due date; each group is one reminder that names the date and the
 * tasks (and says when the date was granted by 延期), and its e-mail lists only those tasks. So a
 * unit with five tasks on the period's date and two granted to the 20th gets one reminder for
 * each date, and a granted date earns its own `due-soon` and `late` even after the old date's.
 * A row in reminder_runs, unique on (period, unit, kind, due date) and written in the
 * reminder's transaction, makes each once-only whatever runs the job: never two reminders about
 * the same date, even from two runs at once. The price of that rule: a task granted a date the
 * unit was already reminded of joins no reminder until that date's `late` one.
 *
 * When it runs: every instance tries every interval, and right after the office opens a period
 * or grants a 延期 (services/notification-jobs.ts `checkRemindersNow`), so a change inside the
 * window reminds at once rather than up to an interval later (a future route that moves a
 * period's due date calls it too; none does today). The lease (services/leased-job.ts,
 * held while a run lasts) lets one instance run at a time; the unique rows make the repeated
 * runs harmless. "Today" is the organisation's calendar day (China, UTC+8), as the board and
 * timeliness count it.
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
  type UnsubmittedSlot,
} from '../repos/notifications.repo.ts';
import { notifyUnit } from './notifications.service.ts';

export interface ReminderRunResult {
  /** One entry per reminder this run sent. */
  sent: {
    period: string;
    unitId: number;
    kind: ReminderKind;
    dueDate: string;
    notificationId: number;
  }[];
}

/** One reminder to send: a unit's owed tasks that share a due date. */
export interface DueGroup {
  unitId: number;
  kind: ReminderKind;
  dueDate: string;
  /** True when the date was granted by 延期. */
  extended: boolean;
  tasks: Pick<UnsubmittedSlot, 'taskId' | 'taskNo'>[];
}

const DAY_MS = 24 * 3600 * 1000;
/** Task numbers named in a reminder's message; the e-mail lists the tasks with their text. */
const MESSAGE_TASK_LIMIT = 10;

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

/**
 * The reminders owed today: the unit's unsubmitted slots grouped by unit and due date (the
 * granted date where a 延期 was granted, keyed `taskId:unitId`), the dates in their window only.
 */
export function groupDueReminders(
  slots: readonly Pick<UnsubmittedSlot, 'unitId' | 'taskId' | 'taskNo'>[],
  periodDueDate: string,
  granted: ReadonlyMap<string, string>,
  today: string,
  daysBefore: number,
): DueGroup[] {
  const groups = new Map<string, DueGroup>();
  for (const slot of slots) {
    const grantedDate = granted.get(`${slot.taskId}:${slot.unitId}`);
    const dueDate = grantedDate ?? periodDueDate;
    const kind = reminderKindFor(dueDate, today, daysBefore);
    if (kind === undefined) continue;
    const key = `${slot.unitId}:${dueDate}`;
    const group = groups.get(key) ?? {
      unitId: slot.unitId,
      kind,
      dueDate,
      extended: grantedDate !== undefined,
      tasks: [],
    };
    group.tasks.push({ taskId: slot.taskId, taskNo: slot.taskNo });
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** 第 1、2 项, or 第 1、…、10 项等 past the limit. */
function taskNumbers(tasks: DueGroup['tasks']): string {
  const nos = tasks.slice(0, MESSAGE_TASK_LIMIT).map((task) => task.taskNo);
  return `第 ${nos.join('、')} 项${tasks.length > MESSAGE_TASK_LIMIT ? '等' : ''}`;
}

/** The reminder's text: the period, the date (granted or the period's) and which tasks. */
export function reminderMessage(periodLabel: string, group: DueGroup): string {
  const { dueDate, tasks } = group;
  const count = tasks.length;
  const nos = taskNumbers(tasks);
  if (group.extended) {
    return group.kind === 'late'
      ? `${periodLabel} 期${nos}任务经批准延期至 ${dueDate}，现已截止，本单位还有 ${count} 项任务未报送，请尽快填写并报送。`
      : `${periodLabel} 期${nos}任务经批准延期至 ${dueDate}，将于该日截止，本单位还有 ${count} 项任务未报送，请按时填写并报送。`;
  }
  return group.kind === 'late'
    ? `${periodLabel} 期填报已于 ${dueDate} 截止，本单位还有 ${count} 项任务未报送（${nos}），请尽快填写并报送。`
    : `${periodLabel} 期填报将于 ${dueDate} 截止，本单位还有 ${count} 项任务未报送（${nos}），请按时填写并报送。`;
}

/** Sends one reminder unless it was sent before; its notification's id, or undefined. */
async function sendOnce(
  database: Database,
  period: OpenRoundPeriod,
  group: DueGroup,
  nowIso: string,
): Promise<number | undefined> {
  const { unitId, kind, dueDate } = group;
  return database.db.transaction().execute(async (trx) => {
    const runId = await insertReminderRun(
      trx,
      { orgId: period.orgId, periodId: period.id, unitId, kind, dueDate },
      nowIso,
    );
    if (runId === undefined) return undefined;
    const message = reminderMessage(period.label, group);
    const id = await notifyUnit(
      trx,
      {
        orgId: period.orgId,
        unitId,
        periodId: period.id,
        kind: `reminder-${kind}`,
        message,
        createdBy: null,
        scope: {
          dueDate,
          extended: group.extended,
          taskIds: group.tasks.map((task) => task.taskId),
        },
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
        detail: { period: period.label, kind, dueDate, message },
      },
      nowIso,
    );
    return id;
  });
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
    const granted = new Map(
      (await listGrantedDueDates(database.db, period.orgId, period.id)).map((grant) => [
        `${grant.taskId}:${grant.unitId}`,
        grant.dueDate,
      ]),
    );
    const slots = await listUnsubmittedSlots(database.db, period);
    for (const group of groupDueReminders(
      slots,
      period.dueDate,
      granted,
      today,
      options.daysBefore,
    )) {
      const notificationId = await sendOnce(database, period, group, nowIso);
      if (notificationId !== undefined) {
        const { unitId, kind, dueDate } = group;
        result.sent.push({ period: period.label, unitId, kind, dueDate, notificationId });
      }
    }
  }
  return result;
}
