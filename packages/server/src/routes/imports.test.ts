import { readFileSync } from 'node:fs';
import {
  errorBodySchema,
  importPreviewSchema,
  importResultSchema,
  unitDirectoryEntrySchema,
} from '@duban/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_LEDGER_PATH } from '../services/demo.service.ts';
import { importLedger } from '../services/import.service.ts';
import { buildTestApp, createTestUser, CSRF_HEADERS, loginCookie } from '../test/app.ts';
import { countRows, createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { buildMultipart } from '../test/multipart.ts';
import { readSeedLedger } from '../test/seed.ts';

const SEED_TEXT = readFileSync(DEMO_LEDGER_PATH, 'utf8');

/** The seed as next quarter's file: the title says 三季度, task 1 reports new progress. */
function buildQ3Text(edit: (text: string) => string = (text) => text): Uint8Array {
  const q3 = SEED_TEXT.replace('2023年二季度', '2023年三季度').replace(
    '上半年,智能网联及新能源汽车领域新签约项目18个',
    '前三季度,智能网联及新能源汽车领域新签约项目25个',
  );
  return new TextEncoder().encode(edit(q3));
}

describe.each(DIALECTS)('import routes on %s', (dialect) => {
  const seed = readSeedLedger();
  let test: TestDatabase;
  let app: FastifyInstance;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    await importLedger(test.database, seed, { sourceName: 'seed.txt', sha256: '0'.repeat(64) });
    app = await buildTestApp(test.database);
    const organization = seed.organization;
    admin = await loginCookie(
      app,
      await createTestUser(test.database, { username: 'im-admin', role: 'admin', organization }),
    );
    viewer = await loginCookie(
      app,
      await createTestUser(test.database, { username: 'im-viewer', role: 'viewer', organization }),
    );
  });
  afterAll(async () => {
    await app.close();
    await test.destroy();
  });

  async function countAll(): Promise<Record<string, number>> {
    return {
      tasks: await countRows(test.database, 'tasks'),
      units: await countRows(test.database, 'units'),
      aliases: await countRows(test.database, 'unit_aliases'),
      progress: await countRows(test.database, 'progress_entries'),
      batches: await countRows(test.database, 'import_batches'),
      periods: await countRows(test.database, 'periods'),
    };
  }

  async function upload(
    name: string,
    bytes: Uint8Array,
    fields: Record<string, string> = {},
    cookie = admin,
  ) {
    const { payload, headers } = buildMultipart({ name, bytes }, fields);
    return app.inject({
      method: 'POST',
      url: '/api/imports',
      payload,
      headers: { ...CSRF_HEADERS, ...headers, cookie },
    });
  }

  async function preview(bytes: Uint8Array, fields: Record<string, string> = {}) {
    const response = await upload('q3.txt', bytes, fields);
    expect(response.statusCode, response.body).toBe(201);
    return importPreviewSchema.parse(response.json());
  }

  function confirm(id: number, body: object) {
    return app.inject({
      method: 'POST',
      url: `/api/imports/${id}/confirm`,
      payload: body,
      headers: { ...CSRF_HEADERS, cookie: admin },
    });
  }

  async function findUnitId(name: string): Promise<number> {
    const row = await test.database.db
      .selectFrom('units')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('previews next quarter’s file against the plan: 126 matched, nothing stored', async () => {
    const before = await countAll();
    const result = await preview(buildQ3Text());
    expect(result.period).toBe('2023Q3');
    expect(result.periodExists).toBe(false);
    expect(result.tasks).toHaveLength(126);
    expect(result.match).toEqual({ matched: 126, unchanged: 126, changed: 0, new: 0, missing: [] });
    // Each warning at its cell: the seed's merged unit cells are marked on the unit column.
    const inherited = result.tasks.filter((task) =>
      task.warnings.some((w) => w.code === 'lead-inherited' && w.field === 'lead'),
    );
    const expected = seed.tasks.filter((task) =>
      task.warnings.some((w) => w.code === 'lead-inherited'),
    );
    expect(inherited.map((task) => task.no)).toEqual(expected.map((task) => task.no));
    expect(inherited.length).toBeGreaterThan(0);
    expect(await countAll()).toEqual(before);
    // The preview is kept and can be fetched again.
    const again = await app.inject({
      url: `/api/imports/${result.id}`,
      headers: { cookie: admin },
    });
    expect(again.statusCode).toBe(200);
    expect(importPreviewSchema.parse(again.json()).tasks).toEqual(result.tasks);
  });

  it('proposes a close unit name and stores the confirmed decisions in one go', async () => {
    // One spelling of 区发改委 without 区: proposed as that unit, never merged silently.
    const bytes = buildQ3Text((text) => text.replace('区发改委 |', '发改委 |'));
    const result = await preview(bytes);
    const unitId = await findUnitId('区发改委');
    expect(result.unitProposals).toContainEqual({
      name: '发改委',
      unit: { id: unitId, name: '区发改委' },
      reason: 'contained',
    });
    const flagged = result.tasks.find((task) =>
      task.warnings.some((w) => w.code === 'unit-unknown-close' && w.unit === '发改委'),
    );
    expect(flagged?.lead).toContain('发改委');
    const fixed = '二季度末人工核对后的进展。';
    const response = await confirm(result.id, {
      acceptUnits: [{ name: '发改委', unitId }],
      cells: [{ no: '2', field: 'progress', value: fixed }],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(importResultSchema.parse(response.json())).toMatchObject({
      status: 'created',
      period: '2023Q3',
      created: 0,
      matched: 126,
      missing: [],
      aliasesAdded: 1,
    });
    // Same 126 tasks, Q3 progress for each, no unit named 发改委, the alias kept.
    expect(await countRows(test.database, 'tasks')).toBe(126);
    const q3 = await test.database.db
      .selectFrom('periods')
      .select('id')
      .where('label', '=', '2023Q3')
      .executeTakeFirstOrThrow();
    const progress = await test.database.db
      .selectFrom('progress_entries')
      .innerJoin('tasks', 'tasks.id', 'progress_entries.task_id')
      .select(['tasks.no', 'progress_entries.text'])
      .where('period_id', '=', q3.id)
      .execute();
    expect(progress).toHaveLength(126);
    expect(progress.find((row) => row.no === '2')?.text).toBe(fixed);
    expect(progress.find((row) => row.no === '1')?.text).toContain('新签约项目25个');
    await expect(
      test.database.db.selectFrom('units').select('id').where('name', '=', '发改委').execute(),
    ).resolves.toEqual([]);
    const aliases = await test.database.db.selectFrom('unit_aliases').selectAll().execute();
    expect(aliases).toMatchObject([{ unit_id: unitId, alias: '发改委' }]);
    // Confirmed once: the preview is gone.
    const gone = await app.inject({ url: `/api/imports/${result.id}`, headers: { cookie: admin } });
    expect(gone.statusCode).toBe(404);
    // The alias now resolves: the same spelling is no longer proposed.
    const next = await preview(bytes, { period: '2023Q4' });
    expect(next.unitProposals).toEqual([]);
  });

  it('refuses a stale preview with 409 and stores nothing', async () => {
    const result = await preview(buildQ3Text(), { period: '2024Q1' });
    // Someone else imports into that period meanwhile.
    await importLedger(
      test.database,
      { ...seed, period: { year: 2024, quarter: 1, label: '2024Q1' } },
      { sourceName: 'other.txt', sha256: '1'.repeat(64) },
    );
    const before = await countAll();
    const response = await confirm(result.id, {});
    expect(response.statusCode).toBe(409);
    expect(errorBodySchema.parse(response.json()).error.code).toBe('import-stale');
    expect(await countAll()).toEqual(before);
  });

  it('stores nothing when a confirm fails half-way', async () => {
    const bytes = buildQ3Text((text) => text.replace('区发改委 |', '发改委委 |'));
    const result = await preview(bytes, { period: '2024Q2' });
    const before = await countAll();
    // The alias is written before the bad cell is found: the transaction must undo it.
    const response = await confirm(result.id, {
      acceptUnits: [{ name: '发改委委', unitId: await findUnitId('区发改委') }],
      cells: [{ no: '999', field: 'text', value: '没有这一项' }],
    });
    expect(response.statusCode).toBe(400);
    expect(await countAll()).toEqual(before);
    // The preview survives a failed confirm.
    const kept = await app.inject({ url: `/api/imports/${result.id}`, headers: { cookie: admin } });
    expect(kept.statusCode).toBe(200);
  });

  it('refuses an unreadable file with one message naming it, and keeps no preview', async () => {
    const before = await countRows(test.database, 'tasks');
    const response = await upload('台账.xlsx', new TextEncoder().encode('not a zip at all'));
    expect(response.statusCode).toBe(400);
    const body = errorBodySchema.parse(response.json());
    expect(body.error.code).toBe('invalid-ledger');
    expect(body.error.message).toContain('台账.xlsx');
    const previews = await test.database.db
      .selectFrom('import_previews')
      .select('id')
      .where('file_name', '=', '台账.xlsx')
      .execute();
    expect(previews).toEqual([]);
    expect(await countRows(test.database, 'tasks')).toBe(before);
  });

  it('refuses a file over 20 MB with 413', async () => {
    const response = await upload('big.txt', new Uint8Array(21 * 1024 * 1024).fill(0x41));
    expect(response.statusCode).toBe(413);
    expect(errorBodySchema.parse(response.json()).error.code).toBe('payload-too-large');
  });

  it('turns a repeated 序号 into a warning the person answers by renumbering or dropping the row', async () => {
    const repeated = () => buildQ3Text((text) => text.replace('\n18 |\n', '\n17 |\n'));
    const first = await preview(repeated());
    expect(first.tasks).toHaveLength(126);
    const row = first.tasks.find((task) => task.no === '17（重复2）');
    expect(row?.warnings).toContainEqual(
      expect.objectContaining({ code: 'duplicate-number', field: 'no' }),
    );
    const before = await countAll();
    // Confirming without an answer, or with a number another row has, stores nothing.
    const unanswered = await confirm(first.id, {});
    expect(unanswered.statusCode).toBe(400);
    expect(errorBodySchema.parse(unanswered.json()).error.message).toContain('17（重复2）');
    const clash = await confirm(first.id, {
      cells: [{ no: '17（重复2）', field: 'no', value: '17' }],
    });
    expect(clash.statusCode).toBe(400);
    expect(errorBodySchema.parse(clash.json()).error.message).toContain('序号都是17');
    expect(await countAll()).toEqual(before);
    const renumbered = await confirm(first.id, {
      cells: [{ no: '17（重复2）', field: 'no', value: '18' }],
    });
    expect(renumbered.statusCode, renumbered.body).toBe(200);
    expect(importResultSchema.parse(renumbered.json()).missing).toEqual([]);

    const second = await preview(repeated());
    const dropped = await confirm(second.id, { dropTasks: ['17（重复2）'] });
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(importResultSchema.parse(dropped.json()).missing).toEqual(['18']);
  });

  it('is for administrators only', async () => {
    const response = await upload('q3.txt', buildQ3Text(), {}, viewer);
    expect(response.statusCode).toBe(403);
  });

  it('lists units with aliases and lets an administrator add and remove one', async () => {
    const list = async () => {
      const response = await app.inject({ url: '/api/admin/units', headers: { cookie: admin } });
      expect(response.statusCode).toBe(200);
      return z.array(unitDirectoryEntrySchema).parse(response.json());
    };
    const unitId = await findUnitId('区城管局');
    expect((await list()).find((unit) => unit.id === unitId)?.aliases).toEqual([]);
    const add = (alias: string) =>
      app.inject({
        method: 'POST',
        url: `/api/admin/units/${unitId}/aliases`,
        payload: { alias },
        headers: { ...CSRF_HEADERS, cookie: admin },
      });
    const added = await add('城管局');
    expect(added.statusCode, added.body).toBe(201);
    const entry = unitDirectoryEntrySchema.parse(added.json());
    expect(entry.aliases.map((alias) => alias.alias)).toEqual(['城管局']);
    expect((await add('城管局')).statusCode).toBe(409);
    expect((await add('区发改委')).statusCode).toBe(409);
    const aliasId = entry.aliases[0]?.id ?? 0;
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/admin/units/${unitId}/aliases/${aliasId}`,
      headers: { ...CSRF_HEADERS, cookie: admin },
    });
    expect(removed.statusCode).toBe(204);
    expect((await list()).find((unit) => unit.id === unitId)?.aliases).toEqual([]);
  });
});
