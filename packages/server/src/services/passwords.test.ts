import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  generatePassword,
  hashPassword,
  verifyPassword,
} from './passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('Duban-2023-Q2');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'Duban-2023-Q2')).toBe(true);
    expect(await verifyPassword(hash, 'duban-2023-q2')).toBe(false);
  });

  it('asks for 8 characters and three of four character classes', () => {
    expect(checkPasswordPolicy('Abcdef1!')).toBeUndefined();
    expect(checkPasswordPolicy('abcdefg1!')).toBeUndefined();
    expect(checkPasswordPolicy('Abc1!')).toMatchObject({ missing: ['too-short'] });
    expect(checkPasswordPolicy('abcdefgh1')).toMatchObject({
      missing: ['too-few-classes'],
      lacking: ['uppercase', 'symbol'],
    });
    expect(checkPasswordPolicy('abc')?.message).toContain('至少 8 个字符');
    // Chinese characters count as symbols, and as one character each.
    expect(checkPasswordPolicy('督办Duban2023')).toBeUndefined();
  });

  it('generates strong passwords that pass the policy', () => {
    const passwords = Array.from({ length: 200 }, generatePassword);
    for (const password of passwords) {
      expect(password).toHaveLength(16);
      expect(checkPasswordPolicy(password)).toBeUndefined();
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });
});
