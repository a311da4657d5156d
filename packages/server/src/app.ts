import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/dialect.ts';
import { AppError } from './errors.ts';
import { registerAccessControl } from './http/access.ts';
import { registerJsonCompression } from './http/compression.ts';
import { handleError } from './http/error-handler.ts';
import { generateRequestId, registerRequestIdEcho } from './http/request-id.ts';
import { RequestLogController } from './http/request-log.ts';
import { validatorCompiler } from './http/validation.ts';
import { docsRoutes } from './routes/docs.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/imports.ts';
import { figuresRoutes } from './routes/figures.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { reportRoutes } from './routes/reports.ts';
import { roundRoutes } from './routes/round.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { roundExtrasRoutes } from './routes/round-extras.ts';
import { userAdminRoutes } from './routes/user-admin.ts';
import { sessionRoutes } from './routes/session.ts';
import { webRoutes } from './routes/web.ts';
import { startBackupSchedule } from './services/backup-schedule.service.ts';
import { registerNotificationJobs } from './services/notification-jobs.ts';

export interface BuildAppOptions {
  database: Database;
  config: Config;
  /** The built web app (packages/web/dist) to serve; API only when absent. */
  webRoot?: string;
  /** Observes every route as it is registered (the authorisation matrix test lists them so). */
  onRoute?: (route: RouteOptions) => void;
  /** The clock of the timed jobs (automatic reminders, e-mail outbox); tests inject one. */
  now?: () => Date;
  /** Where log lines go (stdout when absent); tests capture them. */
  logStream?: { write(line: string): void };
}

/** JSON bodies are small (logins, edits); ledger files will come as multipart uploads. */
const BODY_LIMIT = 1024 * 1024;

/**
 * Builds the HTTP application without listening, so tests call `app.inject()` and `duban
 * serve` calls `listen()`. A route without an access rule fails the build (or `ready()`).
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { database, config, webRoot } = options;
  const app = fastify({
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    genReqId: generateRequestId,
    // generateRequestId reads (and checks) the incoming x-request-id itself.
    requestIdHeader: false,
    // One line per request, written when it completes.
    logController: new RequestLogController(),
    logger: {
      level: config.logLevel,
      ...(options.logStream === undefined ? {} : { stream: options.logStream }),
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          '*.password',
          '*.currentPassword',
          '*.newPassword',
          '*.passwordHash',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
  });
  if (options.onRoute !== undefined) app.addHook('onRoute', options.onRoute);
  registerRequestIdEcho(app);
  registerJsonCompression(app);
  registerNotificationJobs(app, { database, config, now: options.now });
  const { backup } = config;
  if (backup !== undefined) {
    // Every instance runs the schedule; a lease in the database lets one of them write.
    let stopBackups: (() => Promise<void>) | undefined;
    app.addHook('onReady', (done) => {
      stopBackups = startBackupSchedule({ database, ...backup, log: app.log });
      done();
    });
    app.addHook('onClose', async () => {
      await stopBackups?.();
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request) => {
    const path = request.url.split('?')[0] ?? '';
    throw new AppError('not-found', `没有这个地址：${request.method} ${path}`);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // antd (CSS-in-JS) writes style elements and attributes at run time.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
  });
  await app.register(fastifyCookie);
  registerAccessControl(app, { database, config });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '督办 Duban API', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(healthRoutes, { database, config });
  await app.register(docsRoutes);
  await app.register(sessionRoutes, { database, config });
  await app.register(ledgerRoutes, { database, config });
  await app.register(importRoutes, { database, config });
  await app.register(figuresRoutes, { database, config });
  await app.register(reportRoutes, { database, config });
  await app.register(dashboardRoutes, { database, config });
  await app.register(roundRoutes, { database, config });
  await app.register(notificationRoutes, { database, config });
  await app.register(roundExtrasRoutes, { database, config });
  await app.register(userAdminRoutes, { database, config });
  if (webRoot !== undefined) await app.register(webRoutes, { webRoot });
  return app;
}
