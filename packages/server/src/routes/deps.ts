import { errorBodySchema } from '@duban/core';
import type { Config } from '../config.ts';
import type { Database } from '../db/dialect.ts';

/** What every route plugin is given. */
export interface RouteDeps {
  database: Database;
  config: Config;
}

/** Every route documents and serialises its error answers with the one error shape. */
export const errorResponses = { '4xx': errorBodySchema, '5xx': errorBodySchema } as const;
