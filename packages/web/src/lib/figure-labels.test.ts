import { REPORT_LIGHT_FULL_LABELS, REPORT_LIGHT_LABELS, REPORT_LIGHT_ORDER } from '@duban/core';
import { describe, expect, it } from 'vitest';

import { createTranslate } from '../i18n/messages.ts';
import { lightFullLabel, lightLabel, verdictLabel } from './figure-labels.ts';

const zh = createTranslate('zh-CN');

describe('light labels', () => {
  it('are the words of the exported reports, short and long', () => {
    for (const light of REPORT_LIGHT_ORDER) {
      expect(lightLabel(zh, light), light).toBe(REPORT_LIGHT_LABELS[light]);
      expect(lightFullLabel(zh, light), light).toBe(REPORT_LIGHT_FULL_LABELS[light]);
    }
    expect(lightFullLabel(zh, 'red')).toBe('红灯·明显滞后');
  });

  it('give the office’s verdicts the words of the light each verdict sets', () => {
    expect(verdictLabel(zh, 'on-track')).toBe(lightLabel(zh, 'green'));
    expect(verdictLabel(zh, 'behind')).toBe(lightLabel(zh, 'yellow'));
    expect(verdictLabel(zh, 'far-behind')).toBe(lightLabel(zh, 'red'));
  });
});
