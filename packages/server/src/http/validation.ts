import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';

export interface RequestIssue {
  /** `body.username`, `querystring.period` … */
  path: string;
  message: string;
}

/** A request that failed its zod schema; the error handler turns it into `invalid-request`. */
export class RequestValidationError extends Error {
  readonly issues: { path: PropertyKey[]; message: string }[];
  /** Set by Fastify: `body`, `querystring`, `params` or `headers`. */
  validationContext?: string;

  constructor(issues: { path: PropertyKey[]; message: string }[]) {
    super('request validation failed');
    this.name = 'RequestValidationError';
    this.issues = issues;
  }

  describeIssues(): RequestIssue[] {
    const context = this.validationContext ?? 'request';
    return this.issues.map((issue) => ({
      path: [context, ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
  }
}

let chinese: z.core.$ZodErrorMap | undefined;

/**
 * Validates body, query, params and headers with their zod schemas, with messages in Chinese
 * (the messages reach people). The type provider's own compiler would answer in English.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    chinese ??= z.locales.zhCN().localeError;
    const result = schema.safeParse(data, { error: chinese });
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(result.error.issues) };
  };
