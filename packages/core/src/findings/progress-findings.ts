/**
 * Review findings about progress text that need nothing but the ledger itself: progress copied
 * word for word onto several tasks, and tasks with no progress at all. Pure functions of the
 * tasks, so the importer, the server and the report compute the same thing.
 */
import type { Finding, LedgerTask } from '../ledger/types.ts';

type ProgressOf = Pick<LedgerTask, 'no' | 'progress'>;

/** Spacing differs between extractions of the same text; the words are what was copied. */
function comparableProgress(progress: string): string {
  return progress.replace(/[\s\u3000]+/gu, '');
}

/**
 * Containment is searched through fixed-length pieces: a text of at least
 * {@link MIN_COPIED_PROGRESS_LENGTH} characters inside another covers one of the other's pieces
 * that start at a multiple of `PIECE_STEP`, so indexing those pieces of every text finds every
 * candidate without comparing each text with all others (that was quadratic: 2.5 s on 10 000
 * tasks). PIECE_LENGTH + PIECE_STEP - 1 must not exceed MIN_COPIED_PROGRESS_LENGTH.
 */
const PIECE_LENGTH = 16;
const PIECE_STEP = 15;

/** Where each indexed piece occurs: text index and start, flattened in pairs. */
function indexPieces(texts: readonly string[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  texts.forEach((text, textIndex) => {
    for (let at = 0; at + PIECE_LENGTH <= text.length; at += PIECE_STEP) {
      const piece = text.slice(at, at + PIECE_LENGTH);
      const places = index.get(piece);
      if (places === undefined) index.set(piece, [textIndex, at]);
      else places.push(textIndex, at);
    }
  });
  return index;
}

/** The indexes of the texts (other than `innerIndex`) that contain `texts[innerIndex]`. */
function findContainingTexts(
  texts: readonly string[],
  innerIndex: number,
  pieces: Map<string, number[]>,
): number[] {
  const inner = texts[innerIndex] ?? '';
  const containing = new Set<number>();
  for (let offset = 0; offset < PIECE_STEP && offset + PIECE_LENGTH <= inner.length; offset++) {
    const places = pieces.get(inner.slice(offset, offset + PIECE_LENGTH)) ?? [];
    for (let i = 0; i < places.length; i += 2) {
      const outerIndex = places[i] ?? -1;
      const start = (places[i + 1] ?? 0) - offset;
      if (outerIndex === innerIndex || containing.has(outerIndex) || start < 0) continue;
      if ((texts[outerIndex] ?? '').startsWith(inner, start)) containing.add(outerIndex);
    }
  }
  return [...containing].sort((a, b) => a - b);
}

function countLabel(count: number): string {
  return count === 2 ? '两' : String(count);
}

/**
 * Shorter progress copied whole into another task's progress counts as a copy only from this
 * length on: a stock phrase such as 已完成。 proves nothing.
 */
export const MIN_COPIED_PROGRESS_LENGTH = 30;

/**
 * `duplicate-progress` findings: one per group of two or more tasks whose non-empty progress
 * is identical (ignoring whitespace), and one per pair where a task's whole progress (at least
 * {@link MIN_COPIED_PROGRESS_LENGTH} characters) reappears word for word inside another's. The
 * seed has the second kind: task 123 repeats the third part (三是…) of task 98.
 *
 * @example
 * ```ts
 * detectDuplicateProgress([{ no: '98', progress: 'A' }, { no: '123', progress: 'A' }]);
 * // [{ kind: 'duplicate-progress', tasks: ['98', '123'], message: '两项任务的进展情况完全相同' }]
 * ```
 */
export function detectDuplicateProgress(tasks: readonly ProgressOf[]): Finding[] {
  const groups = new Map<string, string[]>();
  for (const task of tasks) {
    const key = comparableProgress(task.progress);
    if (key === '') continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [task.no]);
    else group.push(task.no);
  }
  const findings: Finding[] = [...groups.values()]
    .filter((numbers) => numbers.length > 1)
    .map((numbers) => ({
      kind: 'duplicate-progress',
      tasks: numbers,
      message: `${countLabel(numbers.length)}项任务的进展情况完全相同`,
    }));
  const order = new Map(tasks.map((task, index) => [task.no, index]));
  const distinct = [...groups.entries()];
  const texts = distinct.map(([text]) => text);
  const pieces = indexPieces(texts);
  distinct.forEach(([inner, copies], innerIndex) => {
    if (inner.length < MIN_COPIED_PROGRESS_LENGTH) return;
    const containing = findContainingTexts(texts, innerIndex, pieces);
    for (const outerIndex of containing) {
      const sources = distinct[outerIndex]?.[1] ?? [];
      findings.push({
        kind: 'duplicate-progress',
        tasks: [...copies, ...sources].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
        message: `第${copies.join('、')}项的进展情况与第${sources.join('、')}项进展情况中的一段逐字相同`,
      });
    }
  });
  return findings;
}

/** One `missing-progress` finding per task whose progress is empty. */
export function detectMissingProgress(tasks: readonly ProgressOf[]): Finding[] {
  return tasks
    .filter((task) => comparableProgress(task.progress) === '')
    .map((task) => ({
      kind: 'missing-progress',
      tasks: [task.no],
      message: `第${task.no}项任务没有填写进展情况`,
    }));
}

/** The findings the importer can make on its own (figures come later). */
export function detectProgressFindings(tasks: readonly ProgressOf[]): Finding[] {
  return [...detectDuplicateProgress(tasks), ...detectMissingProgress(tasks)];
}
