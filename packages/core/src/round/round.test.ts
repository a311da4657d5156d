import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../contracts/api.ts';
import { diffText, tokenizeForDiff } from './diff-text.ts';
import {
  applyTransition,
  listAllowedActions,
  type RoundAction,
  type RoundActor,
  type RoundEntry,
  type RoundState,
} from './round-state.ts';

const UNIT = 7;
const OTHER_UNIT = 9;
const entry = (state: RoundState, overrides: Partial<RoundEntry> = {}): RoundEntry => ({
  state,
  ownerUnitIds: [UNIT],
  periodState: 'open',
  reopened: false,
  ...overrides,
});
const actor = (role: Role, unitId: number | null = UNIT): RoundActor => ({ role, unitId });

describe('applyTransition', () => {
  it('walks an entry through the whole round', () => {
    const steps: [RoundState, RoundAction, RoundActor, RoundState][] = [
      ['not_started', 'save', actor('reporter'), 'draft'],
      ['draft', 'save', actor('reporter'), 'draft'],
      ['draft', 'submit', actor('reporter'), 'submitted'],
      ['submitted', 'approve', actor('unit_head'), 'approved'],
      ['approved', 'return', actor('admin', null), 'returned'],
      ['returned', 'save', actor('reporter'), 'draft'],
      ['returned', 'submit', actor('reporter'), 'submitted'],
      ['submitted', 'return', actor('unit_head'), 'returned'],
      ['approved', 'accept', actor('admin', null), 'accepted'],
    ];
    for (const [from, action, who, to] of steps) {
      expect(applyTransition(entry(from), action, who), `${from} ${action} by ${who.role}`).toEqual(
        {
          ok: true,
          value: to,
        },
      );
    }
  });

  it('refuses roles that may never take a step, with transition-forbidden', () => {
    const only: Record<string, Role[]> = {
      save: ['reporter'],
      submit: ['reporter'],
      approve: ['unit_head'],
      accept: ['admin'],
      return: ['unit_head', 'admin'],
    };
    const from: Record<string, RoundState> = {
      save: 'draft',
      submit: 'draft',
      approve: 'submitted',
      accept: 'approved',
      return: 'submitted',
    };
    for (const [action, allowed] of Object.entries(only)) {
      for (const role of ROLES) {
        const result = applyTransition(
          entry(from[action] ?? 'draft'),
          action as RoundAction, // keys of `only` are actions
          actor(role),
        );
        if (allowed.includes(role)) expect(result.ok, `${role} ${action}`).toBe(true);
        else {
          expect(result, `${role} ${action}`).toMatchObject({
            ok: false,
            issues: [{ code: 'transition-forbidden' }],
          });
        }
      }
    }
  });

  it('refuses a reporter or unit head of another unit', () => {
    expect(applyTransition(entry('draft'), 'save', actor('reporter', OTHER_UNIT))).toMatchObject({
      ok: false,
      issues: [{ code: 'transition-forbidden' }],
    });
    expect(
      applyTransition(entry('submitted'), 'approve', actor('unit_head', OTHER_UNIT)),
    ).toMatchObject({ ok: false, issues: [{ code: 'transition-forbidden' }] });
    expect(
      applyTransition(entry('submitted'), 'return', actor('unit_head', OTHER_UNIT)),
    ).toMatchObject({ ok: false, issues: [{ code: 'transition-forbidden' }] });
  });

  it('refuses steps the state does not allow, with transition-invalid', () => {
    const cases: [RoundState, RoundAction, RoundActor][] = [
      ['not_started', 'submit', actor('reporter')],
      ['submitted', 'save', actor('reporter')],
      ['submitted', 'submit', actor('reporter')],
      ['draft', 'approve', actor('unit_head')],
      ['submitted', 'accept', actor('admin', null)],
      ['accepted', 'save', actor('reporter')],
      ['approved', 'return', actor('unit_head')],
      ['draft', 'return', actor('admin', null)],
      ['accepted', 'reopen', actor('admin', null)],
    ];
    for (const [state, action, who] of cases) {
      expect(applyTransition(entry(state), action, who), `${state} ${action}`).toMatchObject({
        ok: false,
        issues: [{ code: 'transition-invalid' }],
      });
    }
  });

  it('locks a published period until the office reopens the entry', () => {
    const published = entry('accepted', { periodState: 'published' });
    expect(applyTransition(published, 'return', actor('admin', null))).toMatchObject({
      ok: false,
      issues: [{ code: 'period-locked' }],
    });
    expect(
      applyTransition(entry('draft', { periodState: 'published' }), 'save', actor('reporter')),
    ).toMatchObject({ ok: false, issues: [{ code: 'period-locked' }] });
    expect(applyTransition(published, 'reopen', actor('reporter'))).toMatchObject({
      ok: false,
      issues: [{ code: 'transition-forbidden' }],
    });
    expect(applyTransition(published, 'reopen', actor('admin', null))).toEqual({
      ok: true,
      value: 'returned',
    });
    const reopened = entry('returned', { periodState: 'published', reopened: true });
    expect(applyTransition(reopened, 'save', actor('reporter'))).toEqual({
      ok: true,
      value: 'draft',
    });
  });

  it('lists the actions each actor may take', () => {
    expect(listAllowedActions(entry('draft'), actor('reporter'))).toEqual(['save', 'submit']);
    expect(listAllowedActions(entry('submitted'), actor('unit_head'))).toEqual([
      'approve',
      'return',
    ]);
    expect(listAllowedActions(entry('approved'), actor('admin', null))).toEqual([
      'accept',
      'return',
    ]);
    expect(listAllowedActions(entry('approved'), actor('leader', null))).toEqual([]);
  });
});

describe('diffText', () => {
  it('tokenizes CJK by character and keeps Latin words and numbers whole', () => {
    expect(tokenizeForDiff('完成GDP 23.5亿元，增长12%')).toEqual([
      '完',
      '成',
      'GDP',
      ' ',
      '23.5',
      '亿',
      '元',
      '，',
      '增',
      '长',
      '12%',
    ]);
  });

  it('shows a changed figure as one replaced number', () => {
    expect(
      diffText('1-6月奇瑞新能源预计实现产值23亿元。', '1-9月奇瑞新能源预计实现产值38亿元。'),
    ).toEqual([
      { op: 'equal', text: '1-' },
      { op: 'delete', text: '6' },
      { op: 'insert', text: '9' },
      { op: 'equal', text: '月奇瑞新能源预计实现产值' },
      { op: 'delete', text: '23' },
      { op: 'insert', text: '38' },
      { op: 'equal', text: '亿元。' },
    ]);
  });

  it('rebuilds both texts from its parts', () => {
    const before =
      '奇瑞新能源四期项目加快建设，总装车间室内垫层浇筑已基本完成；1-6月奇瑞新能源预计实现产值23亿元。';
    const after = '奇瑞新能源四期项目已竣工投产；1-9月奇瑞新能源实现产值41.2亿元，同比增长35%。';
    const parts = diffText(before, after);
    expect(
      parts
        .filter((p) => p.op !== 'insert')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.op !== 'delete')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
    expect(parts.some((p) => p.op === 'delete')).toBe(true);
    expect(diffText(before, before)).toEqual([{ op: 'equal', text: before }]);
    expect(diffText('', '新增')).toEqual([{ op: 'insert', text: '新增' }]);
  });
});
