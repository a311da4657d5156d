import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchLedgerToPlan, measureTaskSimilarity } from './match-plan.ts';
import { parseSeedText, SEED_URL } from './test-seed.ts';
import type { LedgerTask } from './types.ts';

const seed = parseSeedText(readFileSync(SEED_URL, 'utf8'));
const stored = seed.tasks.map(({ no, text }) => ({ no, text }));

function withTasks(tasks: LedgerTask[]): { tasks: LedgerTask[] } {
  return { tasks };
}

describe('matchLedgerToPlan on the seed', () => {
  it('matches the same 126 tasks with new progress as unchanged', () => {
    const q3 = seed.tasks.map((task) => ({
      ...task,
      progress: `${task.progress}三季度继续推进。`,
    }));
    const match = matchLedgerToPlan(stored, withTasks(q3));
    expect(seed.tasks).toHaveLength(126);
    expect(match.counts).toEqual({ matched: 126, unchanged: 126, changed: 0, new: 0, missing: 0 });
    expect(match.tasks.every((task) => task.existingNo === task.no)).toBe(true);
  });

  it('follows renumbered tasks when one is dropped and the rest move up', () => {
    // Task 5 is dropped; 6…126 become 5…125.
    const dropped = seed.tasks.filter((task) => task.no !== '5');
    const renumbered = dropped.map((task, index) => ({ ...task, no: String(index + 1) }));
    const match = matchLedgerToPlan(stored, withTasks(renumbered));
    expect(match.counts).toMatchObject({ matched: 125, new: 0, missing: 1 });
    expect(match.missing).toEqual(['5']);
    const fifth = match.tasks[4];
    expect(fifth).toMatchObject({ no: '5', existingNo: '6', kind: 'changed', rule: 'text' });
    expect(fifth?.changes).toEqual(['number']);
    expect(match.tasks.at(-1)).toMatchObject({ no: '125', existingNo: '126' });
  });

  it('matches edited wording under the same number and under a new number', () => {
    const edited = seed.tasks.map((task) => ({ ...task }));
    const t10 = edited[9];
    const t20 = edited[19];
    if (t10 === undefined || t20 === undefined) throw new Error('the seed has 126 tasks');
    // A phrase appended and a phrase dropped: wording edits of the kind offices make.
    t10.text = `${t10.text}，确保年底前全面完成`;
    t20.text = t20.text.slice(0, Math.floor(t20.text.length * 0.8));
    // Swap the numbers of 10 and 20 as well: text, not number, must decide.
    t10.no = '20';
    t20.no = '10';
    const match = matchLedgerToPlan(stored, withTasks(edited));
    expect(match.counts).toMatchObject({ matched: 126, new: 0, missing: 0, changed: 2 });
    expect(match.tasks[9]).toMatchObject({ no: '20', existingNo: '10', rule: 'similar' });
    expect(match.tasks[9]?.changes).toEqual(['number', 'text']);
    expect(match.tasks[19]).toMatchObject({ no: '10', existingNo: '20', rule: 'similar' });
  });

  it('reports a task new to the plan and one missing from the file', () => {
    const tasks = seed.tasks.filter((task) => task.no !== '126');
    const extra = {
      ...seed.tasks[0],
      no: '127',
      text: '建设区级城市运行管理服务平台，实现城市管理事项一网统管',
    } as LedgerTask; // spreading a defined seed task: every field is present
    const match = matchLedgerToPlan(stored, withTasks([...tasks, extra]));
    expect(match.counts).toMatchObject({ matched: 125, new: 1, missing: 1 });
    expect(match.tasks.at(-1)).toEqual({ no: '127', kind: 'new' });
    expect(match.missing).toEqual(['126']);
  });

  it('falls back to the number when the text was rewritten entirely', () => {
    const tasks = seed.tasks.map((task) =>
      task.no === '3' ? { ...task, text: '完全不同的一项新任务' } : task,
    );
    const match = matchLedgerToPlan(stored, withTasks(tasks));
    expect(match.tasks[2]).toMatchObject({ no: '3', existingNo: '3', rule: 'number-only' });
    expect(match.tasks[2]?.similarity).toBeLessThan(0.6);
  });
});

describe('measureTaskSimilarity', () => {
  it('ignores spacing and punctuation, and scores edits between 0 and 1', () => {
    expect(measureTaskSimilarity('推动 华为华东数据中心项目。', '推动华为华东数据中心项目')).toBe(
      1,
    );
    const edited = measureTaskSimilarity(
      '推动华为华东数据中心项目加快建设',
      '推动华为华东数据中心项目建设',
    );
    expect(edited).toBeGreaterThan(0.8);
    expect(edited).toBeLessThan(1);
    expect(measureTaskSimilarity('推动华为华东数据中心项目', '完成老旧小区改造')).toBe(0);
  });
});
