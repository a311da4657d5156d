/**
 * Unit names (单位) as the ledger's unit cells write them: several names in one cell, separated
 * by spaces, and single names broken across lines by the extraction of a PDF/Word table.
 *
 * A space is therefore ambiguous: "区发改委 区商务局" is two units, "智能网联及新能源 汽车招商中心
 * 成员单位" is one. We decide by what the document itself shows, never by a list of the units of
 * one particular file:
 *
 * 1. Document evidence. A run of fragments whose concatenation appears elsewhere in the
 *    document as one unspaced fragment is one unit; a fragment written alone as a whole cell
 *    somewhere is a unit of its own.
 * 2. Generic rules. A fragment without a unit-like ending (局, 委, 办, 部门, 街道, 公司, 中心 …)
 *    is the first half of a broken name and joins the next fragment (the previous one if it is
 *    last); a bare head noun (成员单位, 单位, 部门 …) completes the previous fragment.
 *
 * Usage is two-step because the evidence is the whole document:
 *
 * @example
 * ```ts
 * const vocabulary = buildUnitVocabulary([
 *   '智能网联及新能源 汽车招商中心 成员单位',
 *   '智能网联及新能源汽车招商中心成员单位 大数据及信息技术服务招商中心成员单位',
 *   '区发改委',
 * ]);
 * splitUnitCell('区发改委 区商务局', vocabulary).units; // ['区发改委', '区商务局']
 * splitUnitCell('智能网联及新能源 汽车招商中心 成员单位', vocabulary).units;
 * // ['智能网联及新能源汽车招商中心成员单位'], with one join recorded (rule 'document')
 * ```
 */

/** What the document shows about unit names; build it once from all unit cells. */
export interface UnitVocabulary {
  /** Every unspaced fragment written in any unit cell. */
  readonly fragments: ReadonlySet<string>;
  /** Cells that hold exactly one fragment: each is a unit by the document's own word. */
  readonly wholeCells: ReadonlySet<string>;
}

/** Why fragments were put together. */
export type UnitJoinRule = 'document' | 'suffix' | 'head-noun';

export interface UnitJoin {
  /** The fragments as they stood in the cell, in order. */
  fragments: string[];
  /** The unit name they became. */
  unit: string;
  rule: UnitJoinRule;
}

export interface UnitSplit {
  /** Normalised unit names, in cell order, without duplicates. */
  units: string[];
  /** Every join made, so a person can check it (the parser turns each into a warning). */
  joins: UnitJoin[];
}

/**
 * Generic endings of Chinese organisation names. This is vocabulary of the language, not of
 * one ledger: a fragment ending in one of these can stand as a unit.
 */
const UNIT_SUFFIXES = [
  '局',
  '委',
  '办',
  '部',
  '部门',
  '街道',
  '公司',
  '中心',
  '单位',
  '院',
  '所',
  '站',
  '队',
  '会',
  '处',
  '室',
  '组',
  '集团',
  '政府',
  '机关',
  '社区',
  '园区',
  '联',
  '协',
  '厅',
  '署',
  '庭',
  '行',
  '校',
  '团',
  '镇',
  '乡',
  '村',
  '馆',
  '台',
  '社',
  '科',
  '股',
  '园',
];

/** Nouns that only ever complete a name before them (“扫黑除恶领导小组 成员单位”). */
const HEAD_NOUNS = new Set([
  '成员单位',
  '各成员单位',
  '成员部门',
  '成员',
  '单位',
  '部门',
  '各单位',
]);

/** Explicit separators between names; a space is only a candidate separator. */
const HARD_SEPARATOR = /[、，,；;]+/u;
const SOFT_SEPARATOR = /[\s\u3000]+/u;

/**
 * Normalises one name or cell: full-width letters, digits and spaces to half-width, zero-width
 * characters removed, whitespace (including line breaks) collapsed to one space, trimmed.
 */
export function normalizeUnitText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/gu, (ch) => {
      const half = String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
      // Only letters and digits: full-width brackets and punctuation belong to Chinese names.
      return /[0-9A-Za-z]/u.test(half) ? half : ch;
    })
    .replace(/[\u200B-\u200D\uFEFF]/gu, '')
    .replace(/[\s\u3000]+/gu, ' ')
    .trim();
}

function splitFragments(segment: string): string[] {
  return segment.split(SOFT_SEPARATOR).filter((fragment) => fragment !== '');
}

function splitSegments(cell: string): string[] {
  return normalizeUnitText(cell)
    .split(HARD_SEPARATOR)
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '');
}

/** Collects the document's evidence from every unit cell (lead and co columns alike). */
export function buildUnitVocabulary(cells: Iterable<string>): UnitVocabulary {
  const fragments = new Set<string>();
  const wholeCells = new Set<string>();
  for (const cell of cells) {
    const segments = splitSegments(cell);
    for (const segment of segments) {
      const parts = splitFragments(segment);
      for (const part of parts) fragments.add(part);
      if (parts.length === 1 && parts[0] !== undefined) wholeCells.add(parts[0]);
    }
  }
  return { fragments, wholeCells };
}

/** True when a fragment ends like an organisation name (区发改委, 白马街道, 新马公司 …). */
export function hasUnitSuffix(fragment: string): boolean {
  return UNIT_SUFFIXES.some((suffix) => fragment.endsWith(suffix));
}

function isHeadNoun(fragment: string): boolean {
  return HEAD_NOUNS.has(fragment);
}

interface Piece {
  text: string;
  fragments: string[];
  rule: UnitJoinRule | undefined;
}

/**
 * The most fragments one unit name is glued from. Real names have two or three; the bound
 * keeps a hostile cell of thousands of fragments linear instead of cubic (minutes per cell).
 */
const MAX_JOINED_FRAGMENTS = 12;

/** Step 1: the longest runs the document writes unspaced elsewhere. */
function joinByDocument(fragments: string[], vocabulary: UnitVocabulary): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  while (start < fragments.length) {
    let end = start;
    const last = Math.min(fragments.length, start + MAX_JOINED_FRAGMENTS) - 1;
    for (let candidate = last; candidate > start; candidate -= 1) {
      const run = fragments.slice(start, candidate + 1);
      // Names the document also writes alone stay apart even if a glitch once glued them.
      const allKnown = run.every((fragment) => vocabulary.wholeCells.has(fragment));
      if (!allKnown && vocabulary.fragments.has(run.join(''))) {
        end = candidate;
        break;
      }
    }
    const run = fragments.slice(start, end + 1);
    pieces.push({ text: run.join(''), fragments: run, rule: end > start ? 'document' : undefined });
    start = end + 1;
  }
  return pieces;
}

function mergePieces(first: Piece, second: Piece, rule: UnitJoinRule): Piece {
  return {
    text: first.text + second.text,
    fragments: [...first.fragments, ...second.fragments],
    rule: first.rule ?? second.rule ?? rule,
  };
}

/** Step 2: the generic rules, for what the document does not settle. */
function joinByRules(pieces: Piece[], vocabulary: UnitVocabulary): Piece[] {
  const units: Piece[] = [];
  let pending: Piece | undefined;
  for (const piece of pieces) {
    const previous = units.at(-1);
    if (isHeadNoun(piece.text) && pending === undefined && previous !== undefined) {
      units[units.length - 1] = mergePieces(previous, piece, 'head-noun');
      continue;
    }
    const current = pending === undefined ? piece : mergePieces(pending, piece, 'suffix');
    const standsAlone =
      current.rule === 'document' ||
      hasUnitSuffix(current.text) ||
      vocabulary.wholeCells.has(current.text);
    if (standsAlone) {
      units.push(current);
      pending = undefined;
    } else {
      pending = current;
    }
  }
  if (pending !== undefined) {
    const previous = units.at(-1);
    if (previous === undefined) units.push(pending);
    else units[units.length - 1] = mergePieces(previous, pending, 'suffix');
  }
  return units;
}

/**
 * Splits one unit cell into unit names using the document's vocabulary (see the module
 * comment for the rules). Never throws; an empty cell gives no units.
 */
export function splitUnitCell(cell: string, vocabulary: UnitVocabulary): UnitSplit {
  const units: string[] = [];
  const joins: UnitJoin[] = [];
  for (const segment of splitSegments(cell)) {
    const pieces = joinByRules(joinByDocument(splitFragments(segment), vocabulary), vocabulary);
    for (const piece of pieces) {
      if (piece.fragments.length > 1) {
        joins.push({ fragments: piece.fragments, unit: piece.text, rule: piece.rule ?? 'suffix' });
      }
      if (!units.includes(piece.text)) units.push(piece.text);
    }
  }
  return { units, joins };
}

/**
 * Splits every cell of a document at once: the vocabulary is built from all of them.
 *
 * @example
 * ```ts
 * splitUnitCells(['区直各单位 各街道', '政府性投资项目 各牵头部门']).map((s) => s.units);
 * // [['区直各单位', '各街道'], ['政府性投资项目各牵头部门']]
 * ```
 */
export function splitUnitCells(cells: readonly string[]): UnitSplit[] {
  const vocabulary = buildUnitVocabulary(cells);
  return cells.map((cell) => splitUnitCell(cell, vocabulary));
}

const SENTENCE_PUNCTUATION = /[。；;：:！？!?“”"，,%％]/u;

/**
 * True when a cell reads as a list of unit names rather than prose: short, no sentence
 * punctuation or digits, and every name it splits into has a unit-like ending. Used to tell a
 * unit cell from a progress cell when a text table lost its layout; prose that happens to end
 * in a unit (“已移交区城管局”) is the known blind spot.
 */
export function looksLikeUnitList(cell: string): boolean {
  const text = normalizeUnitText(cell);
  if (text === '' || text.length > 80 || SENTENCE_PUNCTUATION.test(text) || /\d/u.test(text)) {
    return false;
  }
  const split = splitUnitCell(text, buildUnitVocabulary([]));
  return split.units.length > 0 && split.units.every(hasUnitSuffix);
}
