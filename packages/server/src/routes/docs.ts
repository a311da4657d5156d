import type { FastifyPluginCallback } from 'fastify';

/** The OpenAPI document of every route, generated from the routes' zod schemas. */
export const docsRoutes: FastifyPluginCallback = (app, _options, done) => {
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () =>
    app.swagger(),
  );
  done();
};
