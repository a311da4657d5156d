/**
 * Each unit's timeliness in a period (按时报送情况), for the office's yearly assessment and the
 * report summary (issue 6): how many entries it owed, how many it submitted by its due date,
 * how many late and by how many days, and how often it was sent back. Pure: the server passes
 * the stored facts (submission times from the audit log, the period's due date, granted
 * extensions) and today's date.
 */

/** One entry a unit owes: its part of a task, or the consolidated text its lead units write. */
export interface TimelinessSlot {
  taskId: number;
  /** The units answerable for it: the co-unit for its part, every lead unit for the consolidated text. */
  unitIds: readonly number[];
  /** When the entry was submitted (ISO-8601 timestamps, any order); the first one counts. */
  submittedAt: readonly string[];
  /** How many times it was returned (by the unit head or the office). */
  returns: number;
}

export interface TimelinessInput {
  /** The period's due date (YYYY-MM-DD), null for a period that was only imported. */
  dueDate: string | null;
  slots: readonly TimelinessSlot[];
  /** Granted extensions (延期): the unit's due date for that task instead of the period's. */
  extensions: readonly { taskId: number; unitId: number; dueDate: string }[];
  /** Today's date (YYYY-MM-DD) in the organisation's time zone: unsubmitted entries past due count late until today. */
  today: string;
  /** The organisation's offset from UTC, to read a submission's date; default China (UTC+8). */
  utcOffsetMinutes?: number;
}

export interface UnitTimeliness {
  unitId: number;
  /** Entries with a due date. */
  due: number;
  /** Submitted on or before the due date. */
  onTime: number;
  /** Submitted after the due date, or still not submitted with the due date passed. */
  late: number;
  /** The part of `late` that is still not submitted. */
  overdue: number;
  /** Not submitted yet, due date not passed. */
  pending: number;
  /** Days late, summed over the late entries (an overdue one counts until today). */
  lateDays: number;
  maxLateDays: number;
  returns: number;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MINUTES = 480;

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The calendar date of a timestamp at the given UTC offset. */
export function toLocalDate(timestamp: string, utcOffsetMinutes = CHINA_OFFSET_MINUTES): string {
  return new Date(Date.parse(timestamp) + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

function emptyRow(unitId: number): UnitTimeliness {
  return {
    unitId,
    due: 0,
    onTime: 0,
    late: 0,
    overdue: 0,
    pending: 0,
    lateDays: 0,
    maxLateDays: 0,
    returns: 0,
  };
}

/**
 * Every unit's timeliness, sorted by unit id. A unit's due date for a task is its granted
 * extension if any, else the period's; an entry is on time when its first submission falls on
 * or before that date (in the organisation's time zone).
 *
 * @example
 * ```ts
 * computeUnitTimeliness({
 *   dueDate: '2023-10-10', today: '2023-10-20', extensions: [],
 *   slots: [{ taskId: 1, unitIds: [3], submittedAt: ['2023-10-12T02:00:00.000Z'], returns: 1 }],
 * }); // [{ unitId: 3, due: 1, onTime: 0, late: 1, lateDays: 2, returns: 1, … }]
 * ```
 */
export function computeUnitTimeliness(input: TimelinessInput): UnitTimeliness[] {
  const offset = input.utcOffsetMinutes ?? CHINA_OFFSET_MINUTES;
  const granted = new Map(
    input.extensions.map((extension) => [
      `${extension.taskId}:${extension.unitId}`,
      extension.dueDate,
    ]),
  );
  const rows = new Map<number, UnitTimeliness>();
  for (const slot of input.slots) {
    const first = [...slot.submittedAt].sort()[0];
    for (const unitId of slot.unitIds) {
      let row = rows.get(unitId);
      if (row === undefined) {
        row = emptyRow(unitId);
        rows.set(unitId, row);
      }
      row.returns += slot.returns;
      const dueDate = granted.get(`${slot.taskId}:${unitId}`) ?? input.dueDate;
      if (dueDate === null) continue;
      row.due += 1;
      const doneDate = first === undefined ? undefined : toLocalDate(first, offset);
      const lateBy = dayNumber(doneDate ?? input.today) - dayNumber(dueDate);
      if (doneDate !== undefined && lateBy <= 0) {
        row.onTime += 1;
      } else if (doneDate === undefined && lateBy <= 0) {
        row.pending += 1;
      } else {
        row.late += 1;
        if (doneDate === undefined) row.overdue += 1;
        row.lateDays += lateBy;
        row.maxLateDays = Math.max(row.maxLateDays, lateBy);
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.unitId - b.unitId);
}
