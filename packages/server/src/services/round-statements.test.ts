/**
 * What one save costs the database (issue 7): every statement is a round trip, and on
 * PostgreSQL each also costs the server's CPU on the same cores. These bounds are what the hot
 * path achieves today; a test that fails here means someone added a statement to it.
 */
import type { RoundEntryDto } from '@duban/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/dialect.ts';
import { findCredentialsByUsername, type UserRecord } from '../repos/users.repo.ts';
import { createTestUser } from '../test/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildLedger } from '../test/factories.ts';
import { importLedger } from './import.service.ts';
import { getRoundTask, openPeriod, saveProgress, transitionEntry } from './round.service.ts';
import { authenticate, login } from './session.service.ts';

/** The session and its user, joined. */
const AUTHENTICATE_STATEMENTS = 1;
/**
 * A save, the hot path: BEGIN, period (with the task check and the previous period), units,
 * entries, write, version, audit, COMMIT. The first save writes the same (an insert).
 */
const SAVE_STATEMENTS = 8;
/** BEGIN, period, units, entries, state change, audit, COMMIT. */
const SUBMIT_STATEMENTS = 7;

const Q3 = '2023Q3';
const LEAD_UNIT = '区发改委';

describe.each(DIALECTS)('statements of the save path on %s', (dialect) => {
  const ledger = buildLedger();
  let test: TestDatabase;
  /** The same database, opened again with every statement recorded. */
  let counted: Database;
  const statements: string[] = [];
  let reporter: UserRecord;
  let token = '';
  let taskId = 0;

  /** Runs `work` and returns its result with the statements it sent. */
  async function record<T>(work: () => Promise<T>): Promise<{ value: T; sent: string[] }> {
    statements.length = 0;
    const value = await work();
    return { value, sent: [...statements] };
  }

  /** The entry as a fresh read of the task shows it. */
  async function reread(): Promise<RoundEntryDto | undefined> {
    const task = await getRoundTask(test.database, reporter, taskId, Q3);
    return task.entries.find((entry) => entry.part === 'consolidated');
  }

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, ledger, { sourceName: 'seed.txt', sha256: '0'.repeat(64) });
    const office = await createTestUser(test.database, {
      username: 'office',
      role: 'admin',
      organization: ledger.organization,
    });
    const account = await createTestUser(test.database, {
      username: 'reporter',
      role: 'reporter',
      organization: ledger.organization,
      unit: LEAD_UNIT,
    });
    const admin = await findCredentialsByUsername(test.database.db, office.username);
    const found = await findCredentialsByUsername(test.database.db, account.username);
    if (admin === undefined || found === undefined) throw new Error('the test users are missing');
    reporter = found;
    await openPeriod(test.database, admin, { label: Q3, dueDate: '2023-10-10' });
    const task = await test.database.db
      .selectFrom('tasks')
      .select('id')
      .where('no', '=', '1')
      .executeTakeFirstOrThrow();
    taskId = task.id;
    ({ token } = await login(test.database, account, { ip: null, userAgent: null }));
    counted = await openDatabase(test.url, {
      log: (event) => {
        statements.push(event.query.sql);
      },
    });
  });

  afterAll(async () => {
    await counted.close();
    await test.destroy();
  });

  it(`authenticates a request with ${AUTHENTICATE_STATEMENTS} statement`, async () => {
    const { value: auth, sent } = await record(() => authenticate(counted, token, 30));
    expect(auth?.user).toMatchObject({ username: 'reporter', unitName: LEAD_UNIT });
    expect(sent.length, sent.join('\n')).toBeLessThanOrEqual(AUTHENTICATE_STATEMENTS);
  });

  it(`saves a draft with ${SAVE_STATEMENTS} statements, answering what a re-read shows`, async () => {
    const body = { period: Q3, part: 'consolidated' as const, text: '三季度：项目加快推进。' };
    const first = await record(() =>
      saveProgress(counted, reporter, taskId, { ...body, baseVersion: 0 }),
    );
    expect(first.value).toMatchObject({ version: 1, state: 'draft', updatedBy: 'reporter' });
    // Last quarter's imported text: the answer carries it without reading after the commit.
    expect(first.value.previousText).toBe(ledger.tasks[0]?.progress);
    expect(first.value).toEqual(await reread());
    expect(first.sent.length, first.sent.join('\n')).toBeLessThanOrEqual(SAVE_STATEMENTS);

    const second = await record(() =>
      saveProgress(counted, reporter, taskId, {
        ...body,
        text: '三季度：用地已报批。',
        baseVersion: 1,
      }),
    );
    expect(second.value).toMatchObject({ version: 2, text: '三季度：用地已报批。' });
    expect(second.value).toEqual(await reread());
    expect(second.sent.length, second.sent.join('\n')).toBeLessThanOrEqual(SAVE_STATEMENTS);
  });

  it(`submits with ${SUBMIT_STATEMENTS} statements, answering what a re-read shows`, async () => {
    const submitted = await record(() =>
      transitionEntry(counted, reporter, taskId, {
        period: Q3,
        part: 'consolidated',
        action: 'submit',
      }),
    );
    expect(submitted.value).toMatchObject({ state: 'submitted', version: 2, actions: [] });
    expect(submitted.value).toEqual(await reread());
    expect(submitted.sent.length, submitted.sent.join('\n')).toBeLessThanOrEqual(SUBMIT_STATEMENTS);
  });
});
