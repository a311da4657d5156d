import { describe, expect, it } from 'vitest';

import { ApiError } from '../api/client.ts';
import { createTranslate } from '../i18n/messages.ts';
import { describeError, isSessionLost, toWaitMinutes } from './error-message.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en');

const apiError = (status: number, code: string, message = '', retryAfterSeconds?: number) =>
  new ApiError({ status, code, message, retryAfterSeconds });

describe('describeError', () => {
  it('translates a known code instead of showing the server message', () => {
    const error = apiError(401, 'invalid-credentials', 'bad password');
    expect(describeError(error, zh)).toBe('用户名或密码错误');
    expect(describeError(error, en)).toBe('Wrong username or password');
  });

  it('puts the lockout wait from Retry-After into the sentence, in whole minutes', () => {
    expect(describeError(apiError(429, 'account-locked', '', 900), zh)).toBe(
      '账户已锁定，请 15 分钟后再试',
    );
    expect(describeError(apiError(429, 'account-locked', '', 61), zh)).toBe(
      '账户已锁定，请 2 分钟后再试',
    );
    expect(describeError(apiError(429, 'account-locked', '', 900), en)).toBe(
      'Account locked: try again in 15 min',
    );
  });

  it('does not invent a wait when Retry-After was missing', () => {
    expect(describeError(apiError(429, 'account-locked'), zh)).toBe('账户已锁定，请稍后再试');
  });

  it('passes the server message into a translation that quotes it', () => {
    const weak = apiError(400, 'weak-password', '新密码不符合要求：至少 8 个字符');
    expect(describeError(weak, zh)).toBe('请换一个更安全的密码。新密码不符合要求：至少 8 个字符');
    expect(describeError(weak, en)).toBe(
      'Choose a stronger password. 新密码不符合要求：至少 8 个字符',
    );
  });

  it('falls back to the server message for a code the locale files do not know', () => {
    expect(describeError(apiError(409, 'period-closed', '该期次已关闭'), en)).toBe('该期次已关闭');
  });

  it('falls back to the HTTP status when there is neither a known code nor a message', () => {
    expect(describeError(apiError(502, 'http'), zh)).toBe('请求失败（HTTP 502）');
  });

  it('explains a network failure and anything else', () => {
    expect(describeError(new TypeError('Failed to fetch'), zh)).toBe(
      '无法连接服务器，请检查网络后重试',
    );
    expect(describeError(new Error('boom'), en)).toBe('Something went wrong: please retry later');
  });
});

describe('toWaitMinutes', () => {
  it('rounds up and never says 0', () => {
    expect([0, 1, 60, 61, 600].map(toWaitMinutes)).toEqual([1, 1, 1, 2, 10]);
  });
});

describe('isSessionLost', () => {
  it('is true for a 401 except a wrong password', () => {
    expect(isSessionLost(apiError(401, 'unauthenticated'))).toBe(true);
    expect(isSessionLost(apiError(401, 'session-expired'))).toBe(true);
    expect(isSessionLost(apiError(401, 'invalid-credentials'))).toBe(false);
    expect(isSessionLost(apiError(403, 'forbidden'))).toBe(false);
    expect(isSessionLost(new TypeError('Failed to fetch'))).toBe(false);
  });
});
