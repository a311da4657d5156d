/**
 * Proposing a known unit for a name an import brings that the organisation's directory does
 * not know: 发改委 for 区发改委, 区发改局 for 区发改委. Only proposed — a person accepts the
 * proposal (and the name becomes an alias) or leaves the name as a new unit; two units are
 * never merged silently.
 */

export interface KnownUnit {
  id: number;
  name: string;
}

export type UnitProposalReason = 'contains' | 'contained' | 'similar';

export interface UnitProposal {
  /** The name as the file gives it. */
  name: string;
  unit: KnownUnit;
  reason: UnitProposalReason;
}

/** Levenshtein distance, stopping early beyond `limit` (returns limit + 1 then). */
export function measureEditDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Names of one or two characters say too little to propose anything. */
const MIN_PROPOSAL_LENGTH = 3;

/**
 * The closest known unit for each unknown name, if one is close enough: one name containing
 * the other (区发改委 / 发改委), or one character different in a name of 4 or more (区发改局 /
 * 区发改委). Containment wins over similarity; among equals the shortest difference, then the
 * earliest known unit.
 *
 * @example
 * ```ts
 * proposeUnits(['发改委'], [{ id: 1, name: '区发改委' }]);
 * // [{ name: '发改委', unit: { id: 1, name: '区发改委' }, reason: 'contained' }]
 * ```
 */
export function proposeUnits(
  unknownNames: readonly string[],
  known: readonly KnownUnit[],
): UnitProposal[] {
  const proposals: UnitProposal[] = [];
  for (const name of unknownNames) {
    if (name.length < MIN_PROPOSAL_LENGTH) continue;
    let best: { unit: KnownUnit; reason: UnitProposalReason; rank: number } | undefined;
    for (const unit of known) {
      if (unit.name === name || unit.name.length < MIN_PROPOSAL_LENGTH) continue;
      const gap = Math.abs(unit.name.length - name.length);
      let candidate: { reason: UnitProposalReason; rank: number } | undefined;
      if (unit.name.includes(name)) candidate = { reason: 'contained', rank: gap };
      else if (name.includes(unit.name)) candidate = { reason: 'contains', rank: gap };
      else if (
        Math.min(name.length, unit.name.length) >= 4 &&
        measureEditDistance(name, unit.name, 1) <= 1
      ) {
        candidate = { reason: 'similar', rank: 100 };
      }
      if (candidate !== undefined && (best === undefined || candidate.rank < best.rank)) {
        best = { unit, ...candidate };
      }
    }
    if (best !== undefined) proposals.push({ name, unit: best.unit, reason: best.reason });
  }
  return proposals;
}
