import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_COPIED_PROGRESS_LENGTH,
  detectDuplicateProgress,
  detectMissingProgress,
  detectProgressFindings,
} from './progress-findings.ts';

const LONG = '持续加大安全督导检查力度。每月对全区安全生产重大风险进行分析研判并发布预警信息。';

describe('detectDuplicateProgress', () => {
  it('groups identical progress, ignoring whitespace', () => {
    const findings = detectDuplicateProgress([
      { no: '1', progress: '已完成。' },
      { no: '2', progress: '正在推进。' },
      { no: '3', progress: ' 已 完成。\n' },
      { no: '4', progress: '已完成。' },
    ]);
    expect(findings).toEqual([
      { kind: 'duplicate-progress', tasks: ['1', '3', '4'], message: '3项任务的进展情况完全相同' },
    ]);
  });

  it('says 两项 for a pair', () => {
    const findings = detectDuplicateProgress([
      { no: '98', progress: LONG },
      { no: '123', progress: LONG },
    ]);
    expect(findings).toEqual([
      { kind: 'duplicate-progress', tasks: ['98', '123'], message: '两项任务的进展情况完全相同' },
    ]);
  });

  it('flags progress copied whole into another task’s progress, in task order', () => {
    expect(LONG.length).toBeGreaterThanOrEqual(MIN_COPIED_PROGRESS_LENGTH);
    const findings = detectDuplicateProgress([
      { no: '98', progress: `一是排查隐患。三是${LONG}` },
      { no: '123', progress: LONG },
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.tasks).toEqual(['98', '123']);
    expect(findings[0]?.message).toBe('第123项的进展情况与第98项进展情况中的一段逐字相同');
  });

  it('ignores short stock phrases inside longer progress', () => {
    expect(
      detectDuplicateProgress([
        { no: '1', progress: '已完成。' },
        { no: '2', progress: '项目一期已完成。二期正在推进。' },
      ]),
    ).toEqual([]);
  });

  it('finds a copy at every offset, as a plain search of each text in every other does', () => {
    // A small alphabet makes containments common; the index must find each one the naive
    // pairwise search finds, wherever inside the other text the copy starts.
    const text = fc
      .array(fc.constantFrom('甲', '乙', '丙'), { minLength: 0, maxLength: 70 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 2, maxLength: 8 }), (progresses) => {
        const tasks = progresses.map((progress, index) => ({ no: String(index + 1), progress }));
        const expected = new Set<string>();
        for (const inner of new Set(progresses)) {
          if (inner.length < MIN_COPIED_PROGRESS_LENGTH) continue;
          for (const outer of new Set(progresses)) {
            if (outer !== inner && outer.includes(inner)) expected.add(`${inner}|${outer}`);
          }
        }
        const copies = detectDuplicateProgress(tasks).filter((finding) =>
          finding.message.includes('一段逐字相同'),
        );
        expect(copies).toHaveLength(expected.size);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a copy starting at any offset of a long text', () => {
    for (let offset = 0; offset < 20; offset++) {
      const outer = `${'前'.repeat(offset)}${LONG}后`;
      const findings = detectDuplicateProgress([
        { no: '1', progress: outer },
        { no: '2', progress: LONG },
      ]);
      expect(findings.map((finding) => finding.tasks)).toEqual([['1', '2']]);
    }
  });

  it('never pairs empty progress', () => {
    expect(
      detectDuplicateProgress([
        { no: '1', progress: '' },
        { no: '2', progress: ' ' },
      ]),
    ).toEqual([]);
  });
});

describe('detectMissingProgress', () => {
  it('reports each task without progress', () => {
    expect(
      detectMissingProgress([
        { no: '1', progress: '已完成。' },
        { no: '2', progress: '' },
        { no: '3', progress: '　\n' },
      ]),
    ).toEqual([
      { kind: 'missing-progress', tasks: ['2'], message: '第2项任务没有填写进展情况' },
      { kind: 'missing-progress', tasks: ['3'], message: '第3项任务没有填写进展情况' },
    ]);
  });
});

describe('detectProgressFindings', () => {
  it('combines both', () => {
    const kinds = detectProgressFindings([
      { no: '1', progress: 'a' },
      { no: '2', progress: 'a' },
      { no: '3', progress: '' },
    ]).map((finding) => finding.kind);
    expect(kinds).toEqual(['duplicate-progress', 'missing-progress']);
  });
});
