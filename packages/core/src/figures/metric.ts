/**
 * Metric phrases: the short noun phrase that names what a quantity measures (新增城镇就业,
 * 城镇登记失业率), cut out of the clause around the quantity, and how alike two of them are.
 */
import type { Quantity } from '../numbers/quantities.ts';
import { MEASURE_UNITS } from '../numbers/units.ts';

/** Characters that end a clause: a metric never reaches across them. */
export const CLAUSE_BREAK = /[,，;；。!！?？:：()（）\n]/;
/** Characters that end a sentence: forecasts (预计 …) reach across clauses up to these. */
export const SENTENCE_BREAK = /[;；。!！?？\n]/;

/** Leading words that say when, where or how much of something, not what. */
const LEADING = [
  /^\d{4}年度?/,
  /^\d{1,2}-\d{1,2}月份?/,
  /^截[止至]\d{1,2}月底?/,
  /^\d{1,2}月(份|底|初|上旬|中旬|下旬)?/,
  /^(上半年|下半年|全年|年内|今年|当年|本年度|[一二三四]季度|截至目前|截止目前|截至|截止|至今|目前|近期|同时|其中|此外|另有|另外)/,
  /^[一二三四五六七八九十]是/,
  /^(全区|我区|全市|区级|本级)/,
  /^(共计|共有|共(?!同)|累计|合计|总计)/,
  /^(已经|已|均已|均|先后|正在|现已|现)/,
  /^(争取|力争|确保|计划|预计|将|拟|继续|进一步|积极|持续|不断|努力|全力|着力|加快|推动|推进)/,
  /^(实现|初步完成|完成了|完成|开展了|开展|组织开展|组织|举办了|举办|对|为|向|在)/,
  /^[、，,\s]/,
];

/** Trailing words that belong to the number (bounds, copulas) rather than to the metric. */
const TRAILING =
  /(不少于|不低于|不超过|不高于|不大于|达到了|达到|高达|低至|达|突破|超过|控制在|保持在|提升至|提升到|提高至|提高到|降低至|降至|约为|为|是|有|计|共计|共|合计|累计|总计|已完成|完成了|完成|实现|双双|力争|争取|的|了|已|和|及|与|以及|、)$/;

/** Metrics that only make sense next to the one before them: 总投资, 增幅, 办结率. */
const DEPENDENT =
  /^(总投资额?|增幅|增速|同比增速|同比增长|同比下降|同比上升|占比|比重|支出|金额|共处|.{0,3}率|.{0,2}度)$/;

/** Verbs that, with nothing else before the number, make the metric the noun after it. */
const VERB_ONLY =
  /^(新建|新增|建设|改造|提升改造|改扩建|完成|实施|打造|争创|创建|引进|招引|帮助|推荐|推动|签约|开设|选派|发放|兑付|开展|举办|组织|走访|约谈|检查|拆除|整改|处理|新采购|采购)?$/;

/** Removes the words around a metric phrase that are not part of it. */
export function trimMetric(phrase: string): string {
  let m = phrase.replace(/[“”"‘’「」『』《》\s]/g, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const re of LEADING) {
      const next = m.replace(re, '');
      // 完成率 stays 完成率: a single character left is not a metric.
      if (next !== m && Array.from(next).length !== 1) {
        m = next;
        changed = true;
      }
    }
    const next = m.replace(TRAILING, '');
    if (next !== m) {
      m = next;
      changed = true;
    }
  }
  return m;
}

/** Whether a metric (after trimming) is a ratio or total that needs the metric before it. */
export function isDependentMetric(metric: string): boolean {
  return DEPENDENT.test(metric);
}

/** Whether a phrase before a number is only a verb, so that the metric follows the number. */
export function isVerbOnly(trimmed: string): boolean {
  return VERB_ONLY.test(trimmed);
}

export interface MetricSpan {
  metric: string;
  /** Where the source fragment starts: the start of the metric's clause segment. */
  sourceStart: number;
  /** Where the source fragment ends: after the quantity, or after a metric that follows it. */
  sourceEnd: number;
}

/** The longest metric cut from the words after a number. */
const MAX_AFTER = 16;

/**
 * Names what quantity `q` measures. `segmentStart` is where its segment starts: the end of the
 * previous quantity in the same clause, or the clause start. `nextStart` is where the next
 * quantity (or the clause) begins after it.
 */
export function describeMetric(
  text: string,
  q: Quantity,
  segmentStart: number,
  nextStart: number,
  afterSkip = 0,
): MetricSpan {
  const beforeRaw = text.slice(segmentStart, q.start);
  const before = trimMetric(beforeRaw);
  const afterFrom = q.end + afterSkip;
  let afterEnd = afterFrom;
  while (
    afterEnd < nextStart &&
    !CLAUSE_BREAK.test(text.charAt(afterEnd)) &&
    text.charAt(afterEnd) !== '、'
  ) {
    afterEnd += 1;
  }
  const afterRaw = text.slice(afterFrom, afterEnd);
  const after = trimMetric(afterRaw.replace(/^(以上|以下|以内|左右|的)/, '')).slice(0, MAX_AFTER);
  const listed = /[等、]/.test(beforeRaw.replace(/^[、\s]+/, ''));
  // 对我区711家重点企业: a count with only a word or two before it counts the noun after it.
  // Amounts keep their noun in front (投资1.3亿元深入推进…).
  const isCount = !MEASURE_UNITS.has(q.unit) && q.unit !== '%';
  const joined = /(和|及|与|以及)$/.test(beforeRaw); // 711家重点企业和79个重点项目
  const beforeVerb =
    VERB_ONLY.test(before) || (isCount && (before.length <= 2 || joined) && after.length >= 2);
  if (after !== '' && (listed || beforeVerb)) {
    // 新建弋江桥桥下、李巷等4座口袋公园: the number counts the noun after it.
    const verb = listed ? leadingVerb(before) : joined ? '' : before;
    return { metric: verb + after, sourceStart: segmentStart, sourceEnd: afterEnd };
  }
  return { metric: before, sourceStart: segmentStart, sourceEnd: q.end + afterSkip };
}

function leadingVerb(phrase: string): string {
  const m = /^(新建|改造|提升改造|改扩建|完成|实施|打造|争创|创建|建设)/.exec(phrase);
  return m?.[0] ?? '';
}

function grams(s: string, n: number): string[] {
  const chars = Array.from(s.replace(/[^\p{L}\p{N}%]/gu, ''));
  if (n === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

function dice(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const g of b) pool.set(g, (pool.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of a) {
    const left = pool.get(g) ?? 0;
    if (left > 0) {
      common += 1;
      pool.set(g, left - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

/** The share of `part`'s grams found in `whole`. */
function containment(part: readonly string[], whole: readonly string[]): number {
  if (part.length === 0) return 0;
  const pool = new Set(whole);
  return part.filter((g) => pool.has(g)).length / part.length;
}

/** Containment counts a little less than overlap: a short metric is easily found by chance. */
const CONTAINMENT_WEIGHT = 0.9;

/**
 * How alike a target's metric and an actual's are, from 0 to 1: the mean of character and
 * character-pair overlap (Dice), or, if higher, how much of the target's metric the actual's
 * contains (a long progress phrase often holds a short target phrase). 新增城镇就业 and
 * 城镇新增就业 score high though the words are swapped.
 *
 * @example
 * compareMetrics('新增城镇就业', '城镇新增就业'); // 0.8
 * compareMetrics('新增城镇就业', '城镇登记失业率'); // ≈ 0.32
 */
export function compareMetrics(target: string, actual: string): number {
  const x = target.replace(/[“”"]/g, '');
  const y = actual.replace(/[“”"]/g, '');
  if (x === '' || y === '') return 0;
  if (x === y) return 1;
  const [c1, c2, b1, b2] = [grams(x, 1), grams(y, 1), grams(x, 2), grams(y, 2)];
  const overlap = (dice(c1, c2) + dice(b1, b2)) / 2;
  const contained = ((containment(c1, c2) + containment(b1, b2)) / 2) * CONTAINMENT_WEIGHT;
  return Math.max(overlap, contained);
}

/** Whether the head of a metric (its last two characters: 就业, 学位) occurs in another. */
export function sharesHead(target: string, actual: string): boolean {
  const chars = grams(target, 1);
  return chars.length >= 2 && actual.includes(chars.slice(-2).join(''));
}
