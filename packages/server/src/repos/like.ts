import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** Makes `%`, `_` and the escape character itself match literally in a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * `column` contains `text`, case-insensitively for Latin letters, the same on SQLite and
 * PostgreSQL (PostgreSQL's LIKE is case-sensitive, SQLite's is not: lower() on both sides
 * evens that out). Works for any length of term, including two Chinese characters.
 */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like lower(${`%${escapeLike(text)}%`}) escape '\\'`;
}
