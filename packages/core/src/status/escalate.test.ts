import { describe, expect, it } from 'vitest';
import type { Light } from '../ledger/types.ts';
import { DEFAULT_ESCALATION_LADDER, escalate, type EscalationLadder } from './escalate.ts';

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
