import fastifyMultipart from '@fastify/multipart';
import {
  addUnitAliasBodySchema,
  confirmImportBodySchema,
  importIdParamsSchema,
  importPreviewSchema,
  importResultSchema,
  importUploadFieldsSchema,
  unitAliasParamsSchema,
  unitDirectoryEntrySchema,
  type ImportUploadFields,
} from '@duban/core';
import { DEFAULT_LIMITS } from '@duban/formats';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { getAuth } from '../http/access.ts';
import {
  confirmImportPreview,
  createImportPreview,
  getImportPreview,
  type UploadedFile,
} from '../services/import-preview.service.ts';
import {
  addUnitAlias,
  listUnitDirectory,
  removeUnitAlias,
} from '../services/unit-directory.service.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

/** The readers' own limit: a file they would refuse is not worth receiving whole. */
const MAX_UPLOAD_BYTES = DEFAULT_LIMITS.maxFileBytes;

/** The upload's file and its text fields (sheet, period), read from the multipart stream. */
async function readUpload(
  request: FastifyRequest,
): Promise<{ file: UploadedFile; fields: ImportUploadFields }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported-media-type', '请以 multipart/form-data 上传台账文件');
  }
  let file: UploadedFile | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch((error: unknown) => {
        if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError(
            'payload-too-large',
            `文件“${part.filename}”超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，无法导入`,
          );
        }
        throw error;
      });
      file = { fileName: part.filename, bytes };
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (file === undefined) throw new AppError('invalid-request', '没有收到文件');
  const parsed = importUploadFieldsSchema.safeParse(
    Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    throw new AppError('invalid-request', '上传参数有误（期次应形如 2023Q3）', parsed.error.issues);
  }
  return { file, fields: parsed.data };
}

/**
 * Importing a ledger file through the browser (admin only): upload → preview → confirm, and
 * the organisation's unit directory with its aliases.
 */
export const importRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { database }) => {
  // Scoped to this plugin: only the upload route takes multipart bodies.
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1000 },
  });

  app.post(
    '/api/imports',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '上传台账文件，生成导入预览（不写入台账）',
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        response: { 201: importPreviewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { file, fields } = await readUpload(request);
      const preview = await createImportPreview(database, getAuth(request).user, file, fields);
      return reply.code(201).send(preview);
    },
  );

  app.get(
    '/api/imports/:id',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '导入预览',
        tags: ['imports'],
        params: importIdParamsSchema,
        response: { 200: importPreviewSchema, ...errorResponses },
      },
    },
    (request) => getImportPreview(database, getAuth(request).user, request.params.id),
  );

  app.post(
    '/api/imports/:id/confirm',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '按确认的修改写入台账（全部成功或全部不写）',
        tags: ['imports'],
        params: importIdParamsSchema,
        body: confirmImportBodySchema,
        response: { 200: importResultSchema, ...errorResponses },
      },
    },
    (request) =>
      confirmImportPreview(database, getAuth(request).user, request.params.id, request.body),
  );

  app.get(
    '/api/admin/units',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '单位名录及别名',
        tags: ['imports'],
        response: { 200: z.array(unitDirectoryEntrySchema), ...errorResponses },
      },
    },
    (request) => listUnitDirectory(database, getAuth(request).user),
  );

  app.post(
    '/api/admin/units/:id/aliases',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '为单位添加别名',
        tags: ['imports'],
        params: importIdParamsSchema,
        body: addUnitAliasBodySchema,
        response: { 201: unitDirectoryEntrySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const unit = await addUnitAlias(
        database,
        getAuth(request).user,
        request.params.id,
        request.body.alias,
      );
      return reply.code(201).send(unit);
    },
  );

  app.delete(
    '/api/admin/units/:id/aliases/:aliasId',
    {
      config: { access: ['admin'] },
      schema: {
        summary: '删除单位的别名',
        tags: ['imports'],
        params: unitAliasParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeUnitAlias(
        database,
        getAuth(request).user,
        request.params.id,
        request.params.aliasId,
      );
      return reply.code(204).send(null);
    },
  );
};
