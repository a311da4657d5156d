/**
 * Reading a ledger back from its JSON (`duban.ledger/1`), as `duban export --format json`
 * writes it: syntax, then the schema, then what a schema cannot say (unique task numbers,
 * sections that exist).
 */
import { z } from 'zod';
import type { Issue, Result } from '../result/result.ts';
import { fail, ok } from '../result/result.ts';
import { ledgerSchema } from './ledger-schema.ts';
import type { Ledger } from './types.ts';

let chineseErrors: z.core.$ZodErrorMap | undefined;

function getChineseErrorMap(): z.core.$ZodErrorMap {
  chineseErrors ??= z.locales.zhCN().localeError;
  return chineseErrors;
}

/** `['tasks', 3, 'lead']` → `tasks[3].lead`; the root is `全文`. */
function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else result += result === '' ? String(key) : `.${String(key)}`;
  }
  return result === '' ? '全文' : result;
}

function checkConsistency(ledger: Ledger): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  const ordinals = new Set(ledger.sections.map((section) => section.ordinal));
  ledger.tasks.forEach((task, index) => {
    const first = seen.get(task.no);
    if (first !== undefined) {
      issues.push({
        code: 'duplicate-number',
        path: `tasks[${index}].no`,
        message: `序号${task.no}重复：tasks[${first}] 和 tasks[${index}] 都是${task.no}号`,
      });
    } else {
      seen.set(task.no, index);
    }
    if (task.section !== '' && !ordinals.has(task.section)) {
      issues.push({
        code: 'unknown-section',
        path: `tasks[${index}].section`,
        message: `序号${task.no}所属的部分“${task.section}”不在 sections 中`,
      });
    }
  });
  return issues;
}

/**
 * Parses and validates ledger JSON. Never throws.
 *
 * @example
 * ```ts
 * parseLedgerJson(JSON.stringify(ledger)); // { ok: true, value: ledger }
 * parseLedgerJson('{'); // { ok: false, issues: [{ code: 'invalid-json', path: '全文', … }] }
 * ```
 */
export function parseLedgerJson(json: string): Result<Ledger> {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail({ code: 'invalid-json', path: '全文', message: `不是有效的 JSON：${detail}` });
  }
  const parsed = ledgerSchema.safeParse(data, { error: getChineseErrorMap() });
  if (!parsed.success) {
    return fail(
      ...parsed.error.issues.map((issue) => ({
        code: 'invalid-ledger',
        path: formatPath(issue.path),
        message: issue.message,
      })),
    );
  }
  const issues = checkConsistency(parsed.data);
  return issues.length > 0 ? fail(...issues) : ok(parsed.data);
}
