import { loadConfig, migrateToLatest, openDatabase, type Database } from '@duban/server';

/** Opens the database chosen by DUBAN_DB, brings its schema up to date, runs `work`, closes. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    return await work(database);
  } finally {
    await database.close();
  }
}
