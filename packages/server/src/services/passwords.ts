import { randomInt } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * Argon2id. The library declares `Algorithm` as an ambient const enum, which
 * verbatimModuleSyntax cannot read, so this is its `Argon2id` member's value (index.d.ts); a
 * test checks that hashes come out as `$argon2id$`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum cannot be imported (above)
const ARGON2ID: NonNullable<Options['algorithm']> = 2;

/** Argon2id with the library's defaults (19 MiB, 2 passes): ~40 ms per hash on this hardware. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

const CLASSES = [
  { id: 'lowercase', label: '小写字母', test: /[a-z]/ },
  { id: 'uppercase', label: '大写字母', test: /[A-Z]/ },
  { id: 'digit', label: '数字', test: /[0-9]/ },
  { id: 'symbol', label: '符号', test: /[^A-Za-z0-9]/ },
] as const;

const MIN_PASSWORD_LENGTH = 8;

export interface PasswordProblems {
  /** Stable codes of what is missing: `too-short`, `too-few-classes`. */
  missing: ('too-short' | 'too-few-classes')[];
  /** The character classes the password lacks, when there are too few. */
  lacking: string[];
  /** For people, in Chinese. */
  message: string;
}

/**
 * The password policy for a password a person chooses: at least 8 characters and three of the
 * four classes (lower case, upper case, digits, symbols). Returns what is missing, or undefined
 * when the password is acceptable.
 */
export function checkPasswordPolicy(password: string): PasswordProblems | undefined {
  const missing: PasswordProblems['missing'] = [];
  const messages: string[] = [];
  // Code points, so each Chinese character counts once.
  if (Array.from(password).length < MIN_PASSWORD_LENGTH) {
    missing.push('too-short');
    messages.push(`至少 ${MIN_PASSWORD_LENGTH} 个字符`);
  }
  const lacking = CLASSES.filter((cls) => !cls.test.test(password));
  if (lacking.length > 1) {
    missing.push('too-few-classes');
    messages.push(
      `须包含小写字母、大写字母、数字、符号中的至少三类（缺少：${lacking.map((cls) => cls.label).join('、')}）`,
    );
  }
  if (missing.length === 0) return undefined;
  return {
    missing,
    lacking: lacking.map((cls) => cls.id),
    message: `新密码不符合要求：${messages.join('；')}`,
  };
}

// No look-alikes (0/O, 1/l/I) so a password read off a terminal can be typed back.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '-_.!@#%';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/** A random 16-character password that satisfies the policy (~100 bits of entropy). */
export function generatePassword(): string {
  const pick = (alphabet: string): string => alphabet.charAt(randomInt(alphabet.length));
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < 16) chars.push(pick(ALL));
  // Fisher–Yates, so the guaranteed classes are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
