import { describe, expect, it } from 'vitest';

import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';
import { findMessageKey, formatMessage, translate } from './messages.ts';

// Every source file of the app, as text (Vite's glob import: no Node API needed in web/src).
const sources = import.meta.glob<string>(
  ['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../test/**'],
  {
    query: '?raw',
    import: 'default',
    eager: true,
  },
);

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Keys passed literally to t('…') anywhere in the app. */
function collectUsedKeys(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const [file, text] of Object.entries(sources)) {
    for (const match of text.matchAll(/\bt\(\s*(['"`])([^'"`]+)\1/g)) {
      const key = match[2] ?? '';
      used.set(key, [...(used.get(key) ?? []), file]);
    }
  }
  return used;
}

describe('locale files', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('have no empty values', () => {
    for (const messages of [zhCN, en]) {
      for (const [key, value] of Object.entries(messages)) {
        expect(value.trim(), key).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of Object.entries(zhCN)) {
      expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(value)); // keys are equal (first test)
    }
  });

  it('zh-CN is Chinese: each value (placeholders aside) has a Han character or is only symbols', () => {
    for (const [key, value] of Object.entries(zhCN)) {
      if (key === 'header.languageSwitch') continue; // names the other language: "English"
      const text = value.replace(/\{\w+\}/g, '');
      expect(/\p{Script=Han}|^[\p{P}\p{S}\s]+$/u.test(text), `${key}: ${value}`).toBe(true);
    }
  });
});

describe('keys used in the source', () => {
  const used = collectUsedKeys();

  it('finds the app source and its t() calls (the scan itself works)', () => {
    expect(Object.keys(sources).some((file) => file.endsWith('pages/login-page.tsx'))).toBe(true);
    expect(used.size).toBeGreaterThan(40);
    expect(used.has('login.submit')).toBe(true);
  });

  it('exist in the locale files', () => {
    const missing = [...used.keys()].filter((key) => findMessageKey(key) === undefined);
    expect(missing).toEqual([]);
  });

  it('cover every key, except errors.* which are reached through server codes', () => {
    const unused = Object.keys(zhCN).filter((key) => !key.startsWith('errors.') && !used.has(key));
    expect(unused).toEqual([]);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'ledger.countFiltered', { count: 5, total: 126 })).toBe(
      '共 5 项任务／总 126 项',
    );
    expect(translate('en', 'ledger.count', { count: 126 })).toBe('126 tasks');
    expect(formatMessage('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('finds only keys that exist', () => {
    expect(findMessageKey('errors.invalid-credentials')).toBe('errors.invalid-credentials');
    expect(findMessageKey('errors.no-such-code')).toBeUndefined();
    expect(findMessageKey('toString')).toBeUndefined();
  });
});
