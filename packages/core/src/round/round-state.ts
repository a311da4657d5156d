/**
 * The reporting round's state machine (填报流程). One progress entry — a unit's part of a task,
 * or the task's consolidated text written by its lead unit — moves
 * draft → submitted → approved (by the unit head) → accepted (by the office), with `returned`
 * (and a reason) as the way back. Pure: the server loads the entry and the actor, asks here,
 * and stores the answer.
 */
import type { Role } from '../contracts/api.ts';
import type { Result } from '../result/result.ts';
import { fail, ok } from '../result/result.ts';

/** `not_started`: no entry exists yet. */
export const ROUND_STATES = [
  'not_started',
  'draft',
  'submitted',
  'returned',
  'approved',
  'accepted',
] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export const ROUND_ACTIONS = ['save', 'submit', 'approve', 'accept', 'return', 'reopen'] as const;
export type RoundAction = (typeof ROUND_ACTIONS)[number];

export type RoundPeriodState = 'open' | 'closed' | 'published';

export interface RoundActor {
  role: Role;
  unitId: number | null;
}

export interface RoundEntry {
  state: RoundState;
  /** The units that write this entry: its unit for a part, the lead units for the consolidated text. */
  ownerUnitIds: readonly number[];
  periodState: RoundPeriodState;
  /** The office reopened it after the period was published. */
  reopened: boolean;
}

/**
 * Why a transition was refused, as the code: the actor may never take this step
 * (`transition-forbidden`), the entry is not in a state that allows it (`transition-invalid`),
 * or the period is published and the entry was not reopened (`period-locked`).
 */
export type TransitionRefusal = 'transition-forbidden' | 'transition-invalid' | 'period-locked';

interface Rule {
  roles: readonly Role[];
  /** Whether the actor must belong to one of the entry's owner units. */
  ownUnit: boolean;
  from: readonly RoundState[];
  to: RoundState;
}

const RULES: Record<RoundAction, Rule> = {
  save: {
    roles: ['reporter'],
    ownUnit: true,
    from: ['not_started', 'draft', 'returned'],
    to: 'draft',
  },
  submit: { roles: ['reporter'], ownUnit: true, from: ['draft', 'returned'], to: 'submitted' },
  approve: { roles: ['unit_head'], ownUnit: true, from: ['submitted'], to: 'approved' },
  accept: { roles: ['admin'], ownUnit: false, from: ['approved'], to: 'accepted' },
  // The unit head may send back what its reporter submitted; the office what reached it.
  return: {
    roles: ['unit_head', 'admin'],
    ownUnit: false,
    from: ['submitted', 'approved'],
    to: 'returned',
  },
  reopen: {
    roles: ['admin'],
    ownUnit: false,
    from: ['accepted', 'approved', 'submitted', 'draft', 'returned'],
    to: 'returned',
  },
};

const ACTION_NAMES: Record<RoundAction, string> = {
  save: '保存',
  submit: '报送',
  approve: '审核通过',
  accept: '采纳',
  return: '退回',
  reopen: '重新打开',
};

const STATE_NAMES: Record<RoundState, string> = {
  not_started: '未填报',
  draft: '草稿',
  submitted: '已报送',
  returned: '已退回',
  approved: '单位已审核',
  accepted: '督查室已采纳',
};

export function describeRoundState(state: RoundState): string {
  return STATE_NAMES[state];
}

function refuse(code: TransitionRefusal, message: string): Result<RoundState> {
  return fail({ code, path: 'state', message });
}

function isOwner(entry: RoundEntry, actor: RoundActor): boolean {
  return actor.unitId !== null && entry.ownerUnitIds.includes(actor.unitId);
}

/**
 * The state an entry moves to when `actor` takes `action`, or why it may not.
 *
 * @example
 * ```ts
 * applyTransition({ state: 'draft', ownerUnitIds: [3], periodState: 'open', reopened: false },
 *   'submit', { role: 'reporter', unitId: 3 }); // { ok: true, value: 'submitted' }
 * ```
 */
export function applyTransition(
  entry: RoundEntry,
  action: RoundAction,
  actor: RoundActor,
): Result<RoundState> {
  const rule = RULES[action];
  const name = ACTION_NAMES[action];
  if (!rule.roles.includes(actor.role)) {
    return refuse('transition-forbidden', `当前角色不能${name}`);
  }
  // A unit head returns only its own unit's entries; the office returns any.
  const needsUnit = rule.ownUnit || (action === 'return' && actor.role === 'unit_head');
  if (needsUnit && !isOwner(entry, actor)) {
    return refuse('transition-forbidden', `只有本任务的责任单位才能${name}`);
  }
  if (action === 'return' && actor.role === 'unit_head' && entry.state !== 'submitted') {
    return refuse('transition-invalid', `${STATE_NAMES[entry.state]}的进展不能由单位负责人退回`);
  }
  if (action === 'reopen') {
    if (entry.periodState !== 'published') {
      return refuse('transition-invalid', '期次尚未发布，无需重新打开');
    }
  } else if (entry.periodState === 'published' && !entry.reopened) {
    return refuse('period-locked', '本期已发布并锁定，需督查室重新打开该任务后才能修改');
  } else if (entry.periodState === 'closed') {
    return refuse('period-locked', '本期已关闭');
  }
  if (!rule.from.includes(entry.state)) {
    return refuse('transition-invalid', `${STATE_NAMES[entry.state]}的进展不能${name}`);
  }
  return ok(rule.to);
}

/** The actions `actor` may take on `entry` now (for the buttons a page shows). */
export function listAllowedActions(entry: RoundEntry, actor: RoundActor): RoundAction[] {
  return ROUND_ACTIONS.filter((action) => applyTransition(entry, action, actor).ok);
}
