import type { Role } from '@duban/core';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/dialect.ts';
import { AppError } from '../errors.ts';
import { authenticate, type AuthContext } from '../services/session.service.ts';
import { checkCsrf } from './csrf.ts';
import { clearSessionCookie, SESSION_COOKIE } from './session-cookie.ts';

/**
 * Who may call a route: anyone, any signed-in user, or signed-in users with one of the roles.
 * Every route declares it in `config.access`; a route without one fails at registration.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The caller's session, or null for an anonymous request. */
    auth: AuthContext | null;
  }
}

/**
 * Routes that plugins register (the Swagger UI's pages and assets) cannot carry our config;
 * they are public documentation, declared here in one place.
 */
const PUBLIC_PLUGIN_PREFIXES = ['/api/docs'];

/** What a user who must change the password may still call: who am I, change it, log out. */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/session', '/api/session/password']);

/** Stamps plugin routes as public and refuses any other route without an access rule. */
function enforceAccessDeclaration(route: RouteOptions): void {
  if (route.config?.access !== undefined) return;
  if (PUBLIC_PLUGIN_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
    route.config = { ...route.config, access: 'public' };
    return;
  }
  const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
  throw new Error(`route ${methods} ${route.url} declares no config.access`);
}

/** The authenticated caller of a route whose access is not public. */
export function getAuth(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw new AppError('unauthenticated', '请先登录');
  return request.auth;
}

/**
 * The request gate, before the body is even read: CSRF for state-changing API calls, then the
 * session from the cookie, then the route's access rule.
 */
export function registerAccessControl(
  app: FastifyInstance,
  deps: { database: Database; config: Config },
): void {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', enforceAccessDeclaration);
  app.addHook('onRequest', async (request, reply) => {
    checkCsrf(request);
    // Unknown URLs (the not-found handler) carry no rule: they answer 404 to anyone.
    const access = request.routeOptions.config.access ?? 'public';
    const token = request.cookies[SESSION_COOKIE];
    if (token !== undefined && token !== '' && request.url.startsWith('/api/')) {
      request.auth =
        (await authenticate(deps.database, token, deps.config.sessionIdleMinutes)) ?? null;
      if (request.auth === null) clearSessionCookie(request, reply);
    }
    if (access === 'public') return;
    const auth = getAuth(request);
    // A first login (or a reset) must change the password before anything else.
    if (
      auth.user.mustChangePassword &&
      !PASSWORD_CHANGE_ROUTES.has(request.routeOptions.url ?? '')
    ) {
      throw new AppError('password-change-required', '请先修改初始密码');
    }
    if (access !== 'authenticated' && !access.includes(auth.user.role)) {
      throw new AppError('forbidden', '当前账户没有执行此操作的权限');
    }
  });
}
