import { describe, expect, it } from 'vitest';
import type { Ledger } from '../ledger/types.ts';
import { analyseLedger } from '../ledger/analyse-ledger.ts';
import { buildTask } from '../report/test-ledger.ts';
import { milestonePercentsSchema, toMilestones } from './milestones.ts';

/** The failing fields of a milestones input, as `path: message`. */
function issuesOf(input: unknown): string[] {
  const result = milestonePercentsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('milestonePercentsSchema', () => {
  it('takes a rising trajectory that reaches 100 % at Q4', () => {
    expect(issuesOf({ q1: 10, q2: 25, q3: 60, q4: 100 })).toEqual([]);
    expect(issuesOf({ q1: 0, q2: 0, q3: 0, q4: 100 })).toEqual([]);
    expect(issuesOf({ q1: 25, q2: 25, q3: 25, q4: 100 })).toEqual([]);
  });

  it('names the field that goes backwards, leaves 0–100, or is missing', () => {
    expect(issuesOf({ q1: 50, q2: 30, q3: 60, q4: 100 })).toEqual(['q2']);
    expect(issuesOf({ q1: 10, q2: 30, q3: 20, q4: 100 })).toEqual(['q3']);
    expect(issuesOf({ q1: -1, q2: 30, q3: 60, q4: 100 })).toEqual(['q1']);
    expect(issuesOf({ q1: 10, q2: 30, q3: 60, q4: 101 })).toEqual(['q4']);
    expect(issuesOf({ q1: 10, q2: 30, q3: 60 })).toEqual(['q4']);
    const message = milestonePercentsSchema.safeParse({ q1: 50, q2: 30, q3: 60, q4: 100 });
    expect(message.success ? '' : message.error.issues[0]?.message).toContain(
      'Q2（30%）小于 Q1（50%）',
    );
  });

  it('wants Q4 = 100 unless the office says the year ends short of the target', () => {
    expect(issuesOf({ q1: 10, q2: 30, q3: 60, q4: 90 })).toEqual(['q4']);
    expect(issuesOf({ q1: 10, q2: 30, q3: 60, q4: 90, finalBelowTarget: true })).toEqual([]);
    expect(issuesOf({ q1: 10, q2: 30, q3: 95, q4: 90, finalBelowTarget: true })).toEqual(['q4']);
  });

  it('turns percentages into shares', () => {
    expect(toMilestones({ q1: 10, q2: 25, q3: 60, q4: 100 })).toEqual({
      1: 0.1,
      2: 0.25,
      3: 0.6,
      4: 1,
    });
  });
});

describe('analyseLedger with milestones', () => {
  // Seed task 38 (区委人才办) at Q2: the weakest target, 高层次人才团队, is 5 of 20.
  const task = buildTask({
    no: '38',
    text: '新招引领军人才10名、高端人才100名、大学生1.5万名，新增高层次人才团队20个',
    lead: ['区委人才办'],
    progress: '上半年，已引育领军人才9人、高端人才94人，大学生9168人，高层次人才团队5个。',
  });
  const ledger: Ledger = {
    format: 'duban.ledger/1',
    title: '',
    organization: '',
    period: { year: 2023, quarter: 2, label: '2023Q2' },
    sections: [{ ordinal: '一', title: '' }],
    tasks: [task, { ...task, no: '39' }],
    findings: [],
    warnings: [],
  };

  it('lights a task by its own trajectory, the others by the time elapsed', () => {
    const plain = analyseLedger(ledger);
    expect(plain.tasks.map((t) => [t.status.completion, t.status.light])).toEqual([
      [0.25, 'red'],
      [0.25, 'red'],
    ]);
    const relit = analyseLedger(ledger, {
      milestones: new Map([['38', toMilestones({ q1: 10, q2: 25, q3: 60, q4: 100 })]]),
    });
    expect(relit.tasks.map((t) => [t.status.expected, t.status.light])).toEqual([
      [0.25, 'green'],
      [0.5, 'red'],
    ]);
    const yellow = analyseLedger(ledger, {
      milestones: new Map([['38', toMilestones({ q1: 20, q2: 40, q3: 70, q4: 100 })]]),
    });
    expect(yellow.tasks[0]?.status.light).toBe('yellow');
  });
});
