import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database and a 30-minute idle timeout', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: './data/duban.db',
      sessionIdleMinutes: 30,
      logLevel: 'info',
      trustProxy: false,
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
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ DUBAN_SESSION_IDLE_MINUTES: 'abc' })).toThrow(
      /DUBAN_SESSION_IDLE_MINUTES/,
    );
    expect(() => loadConfig({ DUBAN_LOG_LEVEL: 'loud' })).toThrow(/DUBAN_LOG_LEVEL/);
  });
});
