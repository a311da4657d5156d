import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../test/database.ts';
import { prepareQuery, preparedStatementName } from './prepared.ts';
import type { Db } from './schema.ts';

const NOW = '2026-11-29T00:00:00.000Z';

describe.each(DIALECTS)('prepared queries on %s', (dialect) => {
  let test: TestDatabase;
  let orgId = 0;
  let builds = 0;

  /** Units of an organisation whose name starts with a prefix, with a constant in the SQL too. */
  const unitsNamed = prepareQuery((db: Db, params: { orgId: number; prefix: string }) => {
    builds += 1;
    return db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('org_id', '=', params.orgId)
      .where('name', 'like', params.prefix)
      .where('name', '!=', '不存在的单位')
      .orderBy('id');
  });
  const rename = prepareQuery((db: Db, params: { id: number; name: string }) =>
    db.updateTable('units').set({ name: params.name }).where('id', '=', params.id),
  );

  function built(db: Db, params: { orgId: number; prefix: string }) {
    return db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('org_id', '=', params.orgId)
      .where('name', 'like', params.prefix)
      .orderBy('id')
      .execute();
  }

  beforeAll(async () => {
    test = await createTestDatabase(dialect);
    const { db } = test.database;
    const org = await db
      .insertInto('organizations')
      .values({ name: '测试区', created_at: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgId = org.id;
    for (const name of ['区发改委', '区财政局', '区教育局', '白马街道'])
      await db.insertInto('units').values({ org_id: orgId, name, created_at: NOW }).execute();
  });

  afterAll(async () => {
    await test.destroy();
  });

  it('answers as the same query built each time, for each set of values, built once', async () => {
    const { db } = test.database;
    builds = 0;
    for (const prefix of ['区%', '白马%', '无%']) {
      const params = { orgId, prefix };
      expect(await unitsNamed.execute(db, params)).toEqual(await built(db, params));
    }
    expect((await unitsNamed.execute(db, { orgId: orgId + 1, prefix: '%' })).length).toBe(0);
    expect((await unitsNamed.execute(db, { orgId, prefix: '%' })).length).toBe(4);
    expect(builds).toBe(1);
  });

  it('runs inside a transaction on the SQL built for its database, and writes', async () => {
    const { db } = test.database;
    const first = await unitsNamed.executeTakeFirst(db, { orgId, prefix: '白马%' });
    if (first === undefined) throw new Error('白马街道 is missing');
    builds = 0;
    await db.transaction().execute(async (trx) => {
      await rename.execute(trx, { id: first.id, name: '白马街道办事处' });
      expect(await unitsNamed.executeTakeFirst(trx, { orgId, prefix: '白马%' })).toEqual({
        id: first.id,
        name: '白马街道办事处',
      });
    });
    expect(builds).toBe(0);
    const after = await db
      .selectFrom('units')
      .select('name')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(after.name).toBe('白马街道办事处');
  });

  it('refuses to run without a value for a parameter, naming it', async () => {
    const params = { orgId } as unknown as { orgId: number; prefix: string };
    await expect(unitsNamed.execute(test.database.db, params)).rejects.toThrow(
      'no value for parameter “prefix”',
    );
  });

  it.runIf(dialect === 'postgres')(
    'is a named statement of the connection, parsed once and run with new values',
    async () => {
      await test.database.db.transaction().execute(async (trx) => {
        // One connection for the whole transaction: its prepared statements are its own.
        for (const prefix of ['区%', '白马%']) await unitsNamed.execute(trx, { orgId, prefix });
        const statements = await sql<{
          name: string;
          statement: string;
        }>`select name, statement from pg_prepared_statements`.execute(trx);
        const named = statements.rows.filter((row) => row.name.startsWith('duban_'));
        const units = named.find((row) => row.statement.includes('"units"'));
        if (units === undefined) throw new Error('the units query is not a named statement');
        expect(units.name).toBe(preparedStatementName(units.statement));
        // Other statements are not named.
        expect(named.every((row) => preparedStatementName(row.statement) === row.name)).toBe(true);
      });
    },
  );
});
