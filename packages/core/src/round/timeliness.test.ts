import { describe, expect, it } from 'vitest';
import { computeUnitTimeliness, toLocalDate, type TimelinessSlot } from './timeliness.ts';

const slot = (
  taskId: number,
  unitIds: number[],
  submittedAt: string[] = [],
  returns = 0,
): TimelinessSlot => ({ taskId, unitIds, submittedAt, returns });

describe('computeUnitTimeliness', () => {
  it('counts on time, late with days, pending and overdue against the period due date', () => {
    const rows = computeUnitTimeliness({
      dueDate: '2023-10-10',
      today: '2023-10-15',
      extensions: [],
      slots: [
        slot(1, [3], ['2023-10-09T01:00:00.000Z']),
        slot(2, [3], ['2023-10-12T01:00:00.000Z'], 2),
        slot(3, [3]),
        slot(4, [4], ['2023-10-10T15:00:00.000Z']),
      ],
    });
    expect(rows).toEqual([
      {
        unitId: 3,
        due: 3,
        onTime: 1,
        late: 2,
        overdue: 1,
        pending: 0,
        lateDays: 2 + 5,
        maxLateDays: 5,
        returns: 2,
      },
      // 15:00 UTC on the 10th is 23:00 in China: still the due date.
      {
        unitId: 4,
        due: 1,
        onTime: 1,
        late: 0,
        overdue: 0,
        pending: 0,
        lateDays: 0,
        maxLateDays: 0,
        returns: 0,
      },
    ]);
  });

  it("reads a submission's date in the organisation's time zone", () => {
    expect(toLocalDate('2023-10-10T16:30:00.000Z')).toBe('2023-10-11');
    expect(toLocalDate('2023-10-10T16:30:00.000Z', 0)).toBe('2023-10-10');
    const late = computeUnitTimeliness({
      dueDate: '2023-10-10',
      today: '2023-10-20',
      extensions: [],
      slots: [slot(1, [3], ['2023-10-10T16:30:00.000Z'])],
    });
    expect(late[0]).toMatchObject({ late: 1, lateDays: 1 });
    const utc = computeUnitTimeliness({
      dueDate: '2023-10-10',
      today: '2023-10-20',
      extensions: [],
      slots: [slot(1, [3], ['2023-10-10T16:30:00.000Z'])],
      utcOffsetMinutes: 0,
    });
    expect(utc[0]).toMatchObject({ onTime: 1, late: 0 });
  });

  it('uses a granted extension as that unit’s due date, and only for that task', () => {
    const rows = computeUnitTimeliness({
      dueDate: '2023-10-10',
      today: '2023-10-16',
      extensions: [{ taskId: 1, unitId: 3, dueDate: '2023-10-20' }],
      slots: [slot(1, [3, 5], ['2023-10-14T01:00:00.000Z']), slot(2, [3])],
    });
    expect(rows.find((row) => row.unitId === 3)).toMatchObject({
      due: 2,
      onTime: 1,
      late: 1,
      overdue: 1,
      lateDays: 6,
    });
    // The other lead unit of the same consolidated text had no extension.
    expect(rows.find((row) => row.unitId === 5)).toMatchObject({ onTime: 0, late: 1, lateDays: 4 });
  });

  it('counts the first submission, and leaves unsubmitted entries pending before the due date', () => {
    const rows = computeUnitTimeliness({
      dueDate: '2023-10-10',
      today: '2023-10-01',
      extensions: [],
      slots: [
        slot(1, [3], ['2023-10-20T01:00:00.000Z', '2023-10-05T01:00:00.000Z'], 1),
        slot(2, [3]),
      ],
    });
    expect(rows[0]).toMatchObject({ due: 2, onTime: 1, pending: 1, late: 0, returns: 1 });
  });

  it('counts nothing as due in a period without a due date, but still counts returns', () => {
    const rows = computeUnitTimeliness({
      dueDate: null,
      today: '2023-10-01',
      extensions: [],
      slots: [slot(1, [3], [], 1)],
    });
    expect(rows).toEqual([
      {
        unitId: 3,
        due: 0,
        onTime: 0,
        late: 0,
        overdue: 0,
        pending: 0,
        lateDays: 0,
        maxLateDays: 0,
        returns: 1,
      },
    ]);
  });
});
