/**
 * Numeric targets read from a task's text: 争取全年新增城镇就业1.8万人 → 新增城镇就业, 18000 人,
 * at least (min).
 */
import type { Bound, Target } from '../ledger/types.ts';
import { findQuantities, type Quantity } from '../numbers/quantities.ts';
import { CLAUSE_BREAK, describeMetric, SENTENCE_BREAK } from './metric.ts';

/** Words after the number that make it a ceiling or a floor. */
const MAX_AFTER = /^(以内|以下|之内)/;
const MIN_AFTER = /^(及以上|以上)/;
/** Words in the number's own segment that make it a ceiling. */
const MAX_BEFORE = /(控制在|不超过|不高于|不大于|低于|压减到|降至|降低到|下降到)/;
/** Words in the number's own segment that make it a floor. */
const MIN_BEFORE =
  /(不少于|不低于|至少|突破|达到|超过|新增|增加|提升至|提升到|提高至|提高到|争创|增长)/;
/** Words that make every number after them in the sentence a floor: 力争招引…120个，…20个. */
const MIN_SENTENCE = /(力争|争取)/;

/**
 * Reads the numeric targets of a task text. Each target carries its metric, value (万 and 亿
 * multiplied out), unit, bound and the fragment it was read from. Quantities that only qualify
 * a noun (亿元以上项目) and names with numerals (十四五, “1%工作法”) are not targets.
 *
 * @example
 * extractTargets('争取全年新增城镇就业1.8万人，城镇登记失业率控制在4%以内');
 * // [{ metric: '新增城镇就业', value: 18000, unit: '人', bound: 'min', source: '争取全年新增城镇就业1.8万人' },
 * //  { metric: '城镇登记失业率', value: 4, unit: '%', bound: 'max', source: '城镇登记失业率控制在4%以内' }]
 */
export function extractTargets(taskText: string): Target[] {
  const quantities = findQuantities(taskText);
  const figures = quantities.filter((q) => !q.qualifier && q.unit !== '');
  const targets: Target[] = [];
  figures.forEach((q, i) => {
    const segmentStart = findSegmentStart(taskText, q, figures[i - 1]);
    const next = figures[i + 1];
    const bound = readBound(taskText, q, segmentStart);
    const boundAfter =
      MAX_AFTER.exec(taskText.slice(q.end)) ?? MIN_AFTER.exec(taskText.slice(q.end));
    const skip = boundAfter?.[0].length ?? 0;
    const span = describeMetric(taskText, q, segmentStart, next?.start ?? taskText.length, skip);
    targets.push({
      metric: span.metric,
      value: q.value,
      unit: q.unit,
      bound,
      source: taskText.slice(span.sourceStart, span.sourceEnd).replace(/^[、\s]+/, ''),
    });
  });
  return targets;
}

/** Where the words that belong to `q` start: after the previous figure or the clause break. */
export function findSegmentStart(
  text: string,
  q: Quantity,
  previous: Quantity | undefined,
): number {
  let start = q.start;
  const floor = previous?.end ?? 0;
  while (start > floor && !CLAUSE_BREAK.test(text.charAt(start - 1))) start -= 1;
  return start;
}

function findSentenceStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && !SENTENCE_BREAK.test(text.charAt(start - 1))) start -= 1;
  return start;
}

function findClauseStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && !CLAUSE_BREAK.test(text.charAt(start - 1))) start -= 1;
  return start;
}

/** Reads the bound of a target from the words around it. A ceiling wins over a floor. */
export function readBound(text: string, q: Quantity, segmentStart: number): Bound {
  const after = text.slice(q.end);
  const segment = text.slice(segmentStart, q.start);
  // The whole clause counts for 以内 placed after a noun: 控制在4%以内.
  const clause = text.slice(findClauseStart(text, q.start), q.start);
  if (MAX_AFTER.test(after) || MAX_BEFORE.test(segment)) return 'max';
  if (MIN_AFTER.test(after) || MIN_BEFORE.test(segment) || MIN_BEFORE.test(clause)) return 'min';
  if (MIN_SENTENCE.test(text.slice(findSentenceStart(text, q.start), q.start))) return 'min';
  return 'exact';
}
