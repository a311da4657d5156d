import { describe, expect, it } from 'vitest';
import type { Light } from '../ledger/types.ts';
import {
  DEFAULT_ESCALATION_LADDER,
  escalate,
  escalationLadderSchema,
  type EscalationLadder,
} from './escalate.ts';
import { DEFAULT_LIGHT_RULES, lightRulesSchema, selectEscalationLadder } from './light-rules.ts';

const action = (history: Light[], ladder?: EscalationLadder): string | undefined =>
  escalate(history, ladder)?.step.action;

describe('escalate', () => {
  it('climbs the default ladder with consecutive lagging periods', () => {
    expect(action(['yellow'])).toBeUndefined();
    expect(action(['green', 'yellow', 'red'])).toBe('reminder');
    expect(escalate(['yellow', 'red', 'yellow'])).toEqual({
      step: DEFAULT_ESCALATION_LADDER.steps[1],
      periods: 3,
    });
  });

  it('starts again when a task gets back on track', () => {
    expect(action(['red', 'red', 'red', 'green'])).toBeUndefined();
    expect(action(['red', 'red', 'green', 'yellow'])).toBeUndefined();
    expect(action([])).toBeUndefined();
  });

  it('follows a ladder of its own, with steps that count only red', () => {
    const ladder: EscalationLadder = {
      lights: ['yellow', 'red'],
      steps: [
        { action: 'reminder', label: '提醒督促', periods: 1 },
        { action: 'interview', label: '列入约谈名单', periods: 2, lights: ['red'] },
      ],
    };
    expect(action(['yellow', 'yellow', 'yellow'], ladder)).toBe('reminder');
    expect(action(['yellow', 'red', 'red'], ladder)).toBe('interview');
    expect(action(['red', 'yellow'], ladder)).toBe('reminder');
  });
});

describe('the escalation ladder stored with a plan’s light rules', () => {
  it('parses rules stored before ladders existed, with the default ladder', () => {
    const old = lightRulesSchema.parse({ ...DEFAULT_LIGHT_RULES });
    expect(old.escalation).toBeUndefined();
    expect(selectEscalationLadder(old)).toBe(DEFAULT_ESCALATION_LADDER);
  });

  it('keeps a plan’s own ladder and climbs it', () => {
    const ladder: EscalationLadder = {
      lights: ['red'],
      steps: [
        { action: 'reminder', label: '提醒督促', periods: 1 },
        { action: 'interview', label: '列入约谈名单', periods: 2 },
      ],
    };
    const rules = lightRulesSchema.parse({ ...DEFAULT_LIGHT_RULES, escalation: ladder });
    expect(selectEscalationLadder(rules)).toEqual(ladder);
    expect(escalate(['yellow', 'red'], selectEscalationLadder(rules))?.step.action).toBe(
      'reminder',
    );
    expect(escalate(['yellow', 'yellow'], selectEscalationLadder(rules))).toBeUndefined();
  });

  it('refuses a ladder whose later step comes sooner, an empty one, or zero periods', () => {
    const paths = (escalation: unknown): string[] => {
      const result = escalationLadderSchema.safeParse(escalation);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(
      paths({
        lights: ['yellow', 'red'],
        steps: [
          { action: 'reminder', label: '提醒督促', periods: 3 },
          { action: 'interview', label: '列入约谈名单', periods: 2 },
        ],
      }),
    ).toEqual(['steps.1.periods']);
    expect(paths({ lights: ['red'], steps: [] })).toEqual(['steps']);
    expect(
      paths({ lights: ['red'], steps: [{ action: 'reminder', label: '提醒', periods: 0 }] }),
    ).toEqual(['steps.0.periods']);
    expect(paths(DEFAULT_ESCALATION_LADDER)).toEqual([]);
  });
});
