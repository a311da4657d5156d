import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database and a 30-minute idle timeout', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: './data/duban.db',
      sessionIdleMinutes: 30,
      logLevel: 'info',
      trustProxy: false,
      reminders: { daysBefore: 3, intervalMinutes: 60 },
      reports: { warm: true },
    });
    expect(loadConfig({ DUBAN_DB: '' }).databaseUrl).toBe('./data/duban.db');
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        DUBAN_DB: 'postgres://duban@db:5432/duban',
        DUBAN_SESSION_IDLE_MINUTES: '10',
        DUBAN_LOG_LEVEL: 'silent',
        DUBAN_TRUST_PROXY: 'true',
      }),
    ).toEqual({
      databaseUrl: 'postgres://duban@db:5432/duban',
      sessionIdleMinutes: 10,
      logLevel: 'silent',
      trustProxy: true,
      reminders: { daysBefore: 3, intervalMinutes: 60 },
      reports: { warm: true },
    });
  });

  it('reads SMTP as a URL or as host/port/user/pass, and reminder settings', () => {
    expect(loadConfig({ DUBAN_SMTP_URL: 'smtp://a:b@mail.example:2525' }).smtp).toEqual({
      url: 'smtp://a:b@mail.example:2525',
      from: '督办 <duban@localhost>',
    });
    expect(
      loadConfig({
        DUBAN_SMTP_HOST: 'mail.example',
        DUBAN_SMTP_SECURE: 'true',
        DUBAN_SMTP_USER: 'duban',
        DUBAN_SMTP_PASS: 'secret',
        DUBAN_SMTP_FROM: '督办 <duban@example.gov.cn>',
      }).smtp,
    ).toEqual({
      host: 'mail.example',
      port: 465,
      secure: true,
      user: 'duban',
      pass: 'secret',
      from: '督办 <duban@example.gov.cn>',
    });
    expect(loadConfig({}).smtp).toBeUndefined();
    expect(
      loadConfig({ DUBAN_REMIND_DAYS_BEFORE: '5', DUBAN_REMIND_INTERVAL_MINUTES: '10' }).reminders,
    ).toEqual({ daysBefore: 5, intervalMinutes: 10 });
    expect(loadConfig({ DUBAN_REMIND: 'off' }).reminders).toBeUndefined();
    expect(() => loadConfig({ DUBAN_SMTP_URL: 'http://mail.example' })).toThrow(/DUBAN_SMTP_URL/);
    expect(() => loadConfig({ DUBAN_REMIND_DAYS_BEFORE: '-1' })).toThrow(
      /DUBAN_REMIND_DAYS_BEFORE/,
    );
  });

  it('reads the report workers, queue and cache, each defaulted on its own', () => {
    // `duban serve` warms one worker; with no workers there is nothing to warm.
    expect(loadConfig({}).reports).toEqual({ warm: true });
    expect(
      loadConfig({
        DUBAN_REPORT_WORKERS: '0',
        DUBAN_REPORT_QUEUE: '3',
        DUBAN_REPORT_CACHE_MB: '8',
      }).reports,
    ).toEqual({ workers: 0, queue: 3, cacheMegabytes: 8, warm: false });
    expect(loadConfig({ DUBAN_REPORT_QUEUE: '1' }).reports).toEqual({ queue: 1, warm: true });
    expect(() => loadConfig({ DUBAN_REPORT_WORKERS: '-1' })).toThrow(/DUBAN_REPORT_WORKERS/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ DUBAN_SESSION_IDLE_MINUTES: 'abc' })).toThrow(
      /DUBAN_SESSION_IDLE_MINUTES/,
    );
    expect(() => loadConfig({ DUBAN_LOG_LEVEL: 'loud' })).toThrow(/DUBAN_LOG_LEVEL/);
  });
});
