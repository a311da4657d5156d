import { periodLabelParamsSchema, reportQuerySchema } from '@duban/core';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getAuth } from '../http/access.ts';
import { ReportFiles, resolveReportSettings } from '../services/report-files.service.ts';
import { formatContentDisposition, type ReportKind } from '../services/report.service.ts';
import { errorResponses, type RouteDeps } from './deps.ts';

const KINDS: { kind: ReportKind; summary: string }[] = [
  { kind: 'report', summary: '季度报告（docx/xlsx/pdf，或台账 json）' },
  { kind: 'notice', summary: '滞后任务通报草稿（docx/pdf）' },
];

export const reportRoutes: FastifyPluginCallbackZod<RouteDeps> = (
  app,
  { database, config },
  done,
) => {
  // Workers start on the first file; onClose runs once requests in flight have finished.
  const files = new ReportFiles(resolveReportSettings(config.reports));
  app.addHook('onClose', async () => {
    await files.close();
  });
  // Only a listening server warms a worker (not inject()/ready() in tests); the thread loads
  // on its own, so neither the start nor /readyz waits for it.
  app.addHook('onListen', (hookDone) => {
    files.warm();
    hookDone();
  });
  for (const { kind, summary } of KINDS) {
    app.get(
      `/api/periods/:label/${kind}`,
      {
        config: { access: 'authenticated' },
        schema: {
          summary,
          tags: ['reports'],
          params: periodLabelParamsSchema,
          querystring: reportQuerySchema,
          response: { 200: z.unknown().describe('文件'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { format, ...report } = request.query;
        const file = await files.render(database, {
          organization: getAuth(request).user.orgName,
          period: request.params.label,
          kind,
          format,
          report,
        });
        return reply
          .type(file.contentType)
          .header('content-disposition', formatContentDisposition(file.fileName))
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
      },
    );
  }
  done();
};
