/**
 * Matching a new period's ledger to the tasks a plan already holds, so that Q3's file adds Q3
 * progress to the same tasks instead of creating new ones. Offices renumber tasks (one is
 * dropped, the rest move up) and edit their wording between quarters; the number alone and the
 * text alone are both unreliable, so both are used:
 *
 * 1. identical text (ignoring spacing and punctuation), whatever the number;
 * 2. the same number with similar text;
 * 3. similar text under another number (best pairs first);
 * 4. the same number with dissimilar text, as a last resort, flagged `low-similarity`.
 *
 * Pure: the server's import service and its preview both call it.
 */
import type { LedgerTask } from './types.ts';

/** What matching needs to know of a stored task. */
export interface PlanTaskRef {
  no: string;
  text: string;
}

export type TaskMatchKind = 'unchanged' | 'changed' | 'new';

/** How a ledger task was matched: see the steps above. */
export type TaskMatchRule = 'text' | 'number' | 'similar' | 'number-only';

export interface TaskMatch {
  /** The ledger task's number in the file. */
  no: string;
  kind: TaskMatchKind;
  /** The matched stored task's number; absent for a new task. */
  existingNo?: string;
  rule?: TaskMatchRule;
  /** Text similarity with the matched task, 0…1 (1 for identical text). */
  similarity?: number;
  /** What changed on a matched task. */
  changes?: ('number' | 'text')[];
}

export interface PlanMatch {
  /** One per ledger task, in the ledger's order. */
  tasks: TaskMatch[];
  /** Stored tasks absent from the file (kept, never deleted), by number. */
  missing: string[];
  counts: { matched: number; unchanged: number; changed: number; new: number; missing: number };
}

/** From this similarity on, two texts are taken to be the same task worded differently. */
export const TASK_SIMILARITY_THRESHOLD = 0.6;

/** Spacing and punctuation differ between extractions and edits; the words are the task. */
export function normalizeTaskText(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]+/gu, '');
}

function countBigrams(text: string): Map<string, number> {
  const bigrams = new Map<string, number>();
  for (let at = 0; at + 2 <= text.length; at++) {
    const bigram = text.slice(at, at + 2);
    bigrams.set(bigram, (bigrams.get(bigram) ?? 0) + 1);
  }
  return bigrams;
}

function sizeOf(bigrams: Map<string, number>): number {
  let size = 0;
  for (const count of bigrams.values()) size += count;
  return size;
}

/**
 * Dice similarity of the character bigrams of two texts, 0…1, after normalising: robust to
 * inserted or dropped phrases, which is how wording is usually edited.
 *
 * @example
 * ```ts
 * measureTaskSimilarity('推动华为华东数据中心项目加快建设', '推动华为华东数据中心项目建设'); // ≈ 0.9
 * ```
 */
export function measureTaskSimilarity(a: string, b: string): number {
  const left = normalizeTaskText(a);
  const right = normalizeTaskText(b);
  if (left === right) return 1;
  if (left.length < 2 || right.length < 2) return 0;
  return diceOf(countBigrams(left), countBigrams(right));
}

function diceOf(left: Map<string, number>, right: Map<string, number>): number {
  let shared = 0;
  for (const [bigram, count] of left) shared += Math.min(count, right.get(bigram) ?? 0);
  const total = sizeOf(left) + sizeOf(right);
  return total === 0 ? 0 : (2 * shared) / total;
}

interface Candidate {
  ledgerIndex: number;
  existingIndex: number;
  similarity: number;
}

/**
 * Matches the ledger's tasks to the plan's stored tasks (see the module comment for the rules).
 *
 * @example
 * ```ts
 * matchLedgerToPlan([{ no: '1', text: '任务甲' }], { tasks: [{ no: '2', text: '任务甲', … }] });
 * // tasks[0]: { no: '2', kind: 'changed', existingNo: '1', rule: 'text', changes: ['number'] }
 * ```
 */
export function matchLedgerToPlan(
  existingTasks: readonly PlanTaskRef[],
  ledger: { tasks: readonly Pick<LedgerTask, 'no' | 'text'>[] },
): PlanMatch {
  const ledgerTasks = ledger.tasks;
  const pairedExisting = new Map<number, { ledgerIndex: number; rule: TaskMatchRule }>();
  const pairedLedger = new Map<number, { existingIndex: number; rule: TaskMatchRule }>();
  const pair = (ledgerIndex: number, existingIndex: number, rule: TaskMatchRule): void => {
    pairedExisting.set(existingIndex, { ledgerIndex, rule });
    pairedLedger.set(ledgerIndex, { existingIndex, rule });
  };
  const ledgerTexts = ledgerTasks.map((task) => normalizeTaskText(task.text));
  const existingTexts = existingTasks.map((task) => normalizeTaskText(task.text));

  // 1. Identical text; the same number first when the text repeats.
  const existingByText = new Map<string, number[]>();
  existingTexts.forEach((text, index) => {
    if (text === '') return;
    existingByText.set(text, [...(existingByText.get(text) ?? []), index]);
  });
  ledgerTexts.forEach((text, ledgerIndex) => {
    const free = (existingByText.get(text) ?? []).filter((index) => !pairedExisting.has(index));
    const sameNo = free.find((index) => existingTasks[index]?.no === ledgerTasks[ledgerIndex]?.no);
    const chosen = sameNo ?? free[0];
    if (chosen !== undefined) pair(ledgerIndex, chosen, 'text');
  });

  const ledgerBigrams = new Map<number, Map<string, number>>();
  const existingBigrams = new Map<number, Map<string, number>>();
  const bigramsOf = (
    cache: Map<number, Map<string, number>>,
    texts: string[],
    index: number,
  ): Map<string, number> => {
    let bigrams = cache.get(index);
    if (bigrams === undefined) {
      bigrams = countBigrams(texts[index] ?? '');
      cache.set(index, bigrams);
    }
    return bigrams;
  };
  const similarityOf = (ledgerIndex: number, existingIndex: number): number =>
    diceOf(
      bigramsOf(ledgerBigrams, ledgerTexts, ledgerIndex),
      bigramsOf(existingBigrams, existingTexts, existingIndex),
    );

  // 2. The same number with similar text.
  const existingByNo = new Map(existingTasks.map((task, index) => [task.no, index]));
  ledgerTasks.forEach((task, ledgerIndex) => {
    if (pairedLedger.has(ledgerIndex)) return;
    const existingIndex = existingByNo.get(task.no);
    if (existingIndex === undefined || pairedExisting.has(existingIndex)) return;
    if (similarityOf(ledgerIndex, existingIndex) >= TASK_SIMILARITY_THRESHOLD) {
      pair(ledgerIndex, existingIndex, 'number');
    }
  });

  // 3. Similar text under another number: candidates share a bigram (an inverted index keeps
  // this far from comparing every pair on a 10 000-task plan), best pairs first.
  const freeExisting = existingTasks.map((_, index) => index).filter((i) => !pairedExisting.has(i));
  const postings = new Map<string, number[]>();
  for (const existingIndex of freeExisting) {
    for (const bigram of bigramsOf(existingBigrams, existingTexts, existingIndex).keys()) {
      const list = postings.get(bigram);
      if (list === undefined) postings.set(bigram, [existingIndex]);
      else list.push(existingIndex);
    }
  }
  const candidates: Candidate[] = [];
  ledgerTasks.forEach((_, ledgerIndex) => {
    if (pairedLedger.has(ledgerIndex)) return;
    const bigrams = bigramsOf(ledgerBigrams, ledgerTexts, ledgerIndex);
    const shared = new Map<number, number>();
    for (const bigram of bigrams.keys()) {
      for (const existingIndex of postings.get(bigram) ?? []) {
        shared.set(existingIndex, (shared.get(existingIndex) ?? 0) + 1);
      }
    }
    const distinct = bigrams.size;
    for (const [existingIndex, count] of shared) {
      // A cheap filter before the exact measure: too few distinct shared bigrams (with slack
      // for repeated ones) cannot reach the threshold.
      const other = bigramsOf(existingBigrams, existingTexts, existingIndex).size;
      if ((2 * count) / (distinct + other) < TASK_SIMILARITY_THRESHOLD * 0.8) continue;
      const similarity = similarityOf(ledgerIndex, existingIndex);
      if (similarity >= TASK_SIMILARITY_THRESHOLD) {
        candidates.push({ ledgerIndex, existingIndex, similarity });
      }
    }
  });
  candidates.sort(
    (a, b) =>
      b.similarity - a.similarity ||
      a.ledgerIndex - b.ledgerIndex ||
      a.existingIndex - b.existingIndex,
  );
  for (const candidate of candidates) {
    if (pairedLedger.has(candidate.ledgerIndex) || pairedExisting.has(candidate.existingIndex)) {
      continue;
    }
    pair(candidate.ledgerIndex, candidate.existingIndex, 'similar');
  }

  // 4. The same number, text unlike: most likely the task rewritten; the preview flags it.
  ledgerTasks.forEach((task, ledgerIndex) => {
    if (pairedLedger.has(ledgerIndex)) return;
    const existingIndex = existingByNo.get(task.no);
    if (existingIndex === undefined || pairedExisting.has(existingIndex)) return;
    pair(ledgerIndex, existingIndex, 'number-only');
  });

  const tasks = ledgerTasks.map((task, ledgerIndex): TaskMatch => {
    const paired = pairedLedger.get(ledgerIndex);
    const existing = paired === undefined ? undefined : existingTasks[paired.existingIndex];
    if (paired === undefined || existing === undefined) return { no: task.no, kind: 'new' };
    const changes: ('number' | 'text')[] = [];
    if (existing.no !== task.no) changes.push('number');
    if (existing.text !== task.text) changes.push('text');
    const similarity =
      ledgerTexts[ledgerIndex] === existingTexts[paired.existingIndex]
        ? 1
        : similarityOf(ledgerIndex, paired.existingIndex);
    return {
      no: task.no,
      kind: changes.length === 0 ? 'unchanged' : 'changed',
      existingNo: existing.no,
      rule: paired.rule,
      similarity: Math.round(similarity * 100) / 100,
      changes,
    };
  });
  const missing = existingTasks.filter((_, index) => !pairedExisting.has(index)).map((t) => t.no);
  const count = (kind: TaskMatchKind): number => tasks.filter((t) => t.kind === kind).length;
  return {
    tasks,
    missing,
    counts: {
      matched: tasks.length - count('new'),
      unchanged: count('unchanged'),
      changed: count('changed'),
      new: count('new'),
      missing: missing.length,
    },
  };
}
