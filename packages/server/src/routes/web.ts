import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** A regular file inside `root`; anything else (missing, a folder, `..`) is not. */
async function isFileInside(root: string, path: string): Promise<boolean> {
  const absolute = resolve(root, path);
  if (!absolute.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) return false;
  try {
    return (await stat(absolute)).isFile();
  } catch {
    return false;
  }
}

/**
 * The built web app: its files from `webRoot`, and index.html for every other non-API GET so
 * the SPA's own routes load on refresh.
 */
export const webRoutes: FastifyPluginAsync<{ webRoot: string }> = async (app, options) => {
  const webRoot = resolve(options.webRoot);
  // The build writes a .br and a .gz beside each text file (packages/web/vite.config.ts); they
  // go out as they are to a browser that accepts them, with `Vary: Accept-Encoding`.
  await app.register(fastifyStatic, { root: webRoot, serve: false, preCompressed: true });
  app.get<{ Params: { '*': string } }>(
    '/*',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const path = request.params['*'];
      if (path === 'api' || path.startsWith('api/')) {
        reply.callNotFound();
        return reply;
      }
      if (!(await isFileInside(webRoot, path)) || path === 'index.html') {
        // Never cached, so a new build is picked up at once.
        return reply
          .header('cache-control', 'no-cache')
          .sendFile('index.html', { cacheControl: false });
      }
      // Vite puts content-hashed files under assets/: they never change.
      const immutable = path.startsWith('assets/');
      return reply.sendFile(path, { maxAge: immutable ? '365d' : 0, immutable });
    },
  );
};
