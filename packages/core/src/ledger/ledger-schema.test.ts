import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { generateLedgerJsonSchema, ledgerSchema } from './ledger-schema.ts';
import { parseLedgerJson } from './parse-ledger-json.ts';
import { parseLedgerGrid } from './parse-ledger-grid.ts';
import type { Ledger } from './types.ts';

const SCHEMA_FILE = new URL('../../schema/ledger.schema.json', import.meta.url);
const REGENERATE = 'UPDATE_SCHEMA=1 npx vitest run --project core src/ledger/ledger-schema.test.ts';

function buildLedger(): Ledger {
  const result = parseLedgerGrid({
    name: 'test.txt',
    preamble: ['弋江区2023年二季度重点工作进展和完成情况'],
    mergesLost: true,
    rows: [
      ['序号', '目标与任务', '牵头责任单位', '责任单位', '完成时限', '进展情况'],
      ['(一)经济发展', '', '', '', '', ''],
      ['1', '任务一', '区发改委', '智能网联及新能源 汽车招商中心 成员单位', '6月', '已完成。'],
      ['2', '任务二', '区商务局', '7月', '已完成。', ''],
    ].map((cells, index) => ({ cells: cells.map((text) => ({ text })), ref: { line: index + 2 } })),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('ledgerSchema', () => {
  it('infers exactly the Ledger interface', () => {
    expectTypeOf<z.infer<typeof ledgerSchema>>().toEqualTypeOf<Ledger>();
  });

  it('matches the committed JSON Schema', () => {
    const generated = generateLedgerJsonSchema();
    if (process.env.UPDATE_SCHEMA === '1') {
      writeFileSync(SCHEMA_FILE, `${JSON.stringify(generated, null, 2)}\n`);
    }
    const committed: unknown = existsSync(SCHEMA_FILE)
      ? JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))
      : undefined;
    // Compared as data, so reformatting the file (prettier) is not drift.
    expect(
      committed,
      `packages/core/schema/ledger.schema.json is stale; regenerate: ${REGENERATE}`,
    ).toEqual(generated);
  });

  it('lets fields be added, as the contract allows', () => {
    const schema = generateLedgerJsonSchema();
    expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
    expect(ledgerSchema.safeParse({ ...buildLedger(), addedLater: 1 }).success).toBe(true);
  });
});

describe('parseLedgerJson', () => {
  it('reads back what was written', () => {
    const ledger = buildLedger();
    expect(ledger.tasks[1]?.warnings.map((warning) => warning.code)).toContain('lead-inherited');
    expect(parseLedgerJson(JSON.stringify(ledger))).toEqual({ ok: true, value: ledger });
  });

  it('reports text that is not JSON', () => {
    const result = parseLedgerJson('{"format": ');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]).toMatchObject({ code: 'invalid-json', path: '全文' });
      expect(result.issues[0]?.message).toMatch(/^不是有效的 JSON/u);
    }
  });

  it('names the field that breaks the schema, in Chinese', () => {
    const ledger = buildLedger();
    const broken = {
      ...ledger,
      format: 'duban.ledger/2',
      period: { year: 2023, quarter: 2, label: '2023Q3' },
      tasks: [{ ...ledger.tasks[0], lead: '区发改委' }],
    };
    const result = parseLedgerJson(JSON.stringify(broken));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.path)).toEqual([
        'format',
        'period.label',
        'tasks[0].lead',
      ]);
      expect(result.issues.every((issue) => issue.code === 'invalid-ledger')).toBe(true);
      expect(result.issues.every((issue) => /[\u4e00-\u9fff]/u.test(issue.message))).toBe(true);
    }
  });

  it('reports repeated task numbers and unknown sections', () => {
    const ledger = buildLedger();
    const [first] = ledger.tasks;
    if (first === undefined) throw new Error('no task');
    const result = parseLedgerJson(
      JSON.stringify({ ...ledger, tasks: [first, { ...first, section: '九' }] }),
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          code: 'duplicate-number',
          path: 'tasks[1].no',
          message: '序号1重复：tasks[0] 和 tasks[1] 都是1号',
        },
        {
          code: 'unknown-section',
          path: 'tasks[1].section',
          message: '序号1所属的部分“九”不在 sections 中',
        },
      ],
    });
  });
});
