import { createHash, randomBytes } from 'node:crypto';
import type { User } from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../repos/audit.repo.ts';
import {
  deleteExpiredSessions,
  deleteOtherSessions,
  deleteSession,
  findSessionUser,
  insertSession,
  touchSession,
} from '../repos/sessions.repo.ts';
import {
  findCredentialsById,
  findCredentialsByUsername,
  recordLoginSuccess,
  updateLoginFailures,
  updatePassword,
  type UserRecord,
} from '../repos/users.repo.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';

const MINUTE = 60_000;
/** A session ends 12 hours after login however active it is. */
const SESSION_LIFETIME_MS = 12 * 60 * MINUTE;
/** Failed logins within this window count towards a lock… */
const FAILURE_WINDOW_MS = 15 * MINUTE;
/** …and this many of them lock the account… */
const MAX_FAILED_LOGINS = 5;
/** …for this long. */
const LOCK_MS = 15 * MINUTE;
/** Sliding expiry is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = MINUTE;

/** Who is calling: the session and its user, loaded for every authenticated request. */
export interface AuthContext {
  sessionId: string;
  user: UserRecord;
}

export interface LoginResult {
  /** The cookie's value; only its hash is stored. */
  token: string;
  expiresAt: Date;
  user: UserRecord;
}

interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toUserDto(user: UserRecord): User {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    organization: { id: user.orgId, name: user.orgName },
    unit: user.unitId === null ? null : { id: user.unitId, name: user.unitName ?? '' },
    mustChangePassword: user.mustChangePassword,
  };
}

let dummyHash: Promise<string> | undefined;

/** Verifying against a throwaway hash makes an unknown name cost as much as a wrong password. */
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

function lockedError(lockedUntil: Date, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError('account-locked', `密码错误次数过多，账户已锁定，请 ${minutes} 分钟后再试`, {
    retryAfterSeconds,
  });
}

/**
 * Checks a username and password and opens a session. Five failures within 15 minutes lock
 * the account for 15 minutes (`account-locked`, with `retryAfterSeconds` in its details).
 */
export async function login(
  database: Database,
  credentials: { username: string; password: string },
  client: ClientInfo,
): Promise<LoginResult> {
  const { db } = database;
  const now = new Date();
  const nowText = now.toISOString();
  const invalid = new AppError('invalid-credentials', '用户名或密码不正确');
  const user = await findCredentialsByUsername(db, credentials.username);
  if (user === undefined) {
    await verifyPassword(await getDummyHash(), credentials.password);
    await appendAudit(
      db,
      {
        orgId: null,
        actorId: null,
        action: 'session.login-failed',
        entity: 'user',
        entityId: null,
        detail: { username: credentials.username, reason: 'unknown-user', ip: client.ip },
      },
      nowText,
    );
    throw invalid;
  }
  const audit = (action: string, detail: Record<string, unknown>): Promise<void> =>
    appendAudit(
      db,
      {
        orgId: user.orgId,
        actorId: user.id,
        action,
        entity: 'user',
        entityId: user.id,
        detail: { ...detail, ip: client.ip },
      },
      nowText,
    );

  if (user.disabled) {
    // Same answer as a wrong password: a disabled name is not confirmed to a stranger.
    await verifyPassword(user.passwordHash, credentials.password);
    await audit('session.login-failed', { reason: 'disabled' });
    throw invalid;
  }

  if (user.lockedUntil !== null && user.lockedUntil > nowText) {
    await audit('session.login-failed', { reason: 'locked' });
    throw lockedError(new Date(user.lockedUntil), now);
  }

  if (!(await verifyPassword(user.passwordHash, credentials.password))) {
    const windowOpen =
      user.firstFailedAt !== null &&
      now.getTime() - new Date(user.firstFailedAt).getTime() < FAILURE_WINDOW_MS;
    const count = windowOpen ? user.failedLogins + 1 : 1;
    if (count >= MAX_FAILED_LOGINS) {
      const lockedUntil = new Date(now.getTime() + LOCK_MS);
      await updateLoginFailures(db, user.id, {
        count: 0,
        firstFailedAt: null,
        lockedUntil: lockedUntil.toISOString(),
      });
      await audit('session.login-failed', { reason: 'wrong-password', locked: true });
      throw lockedError(lockedUntil, now);
    }
    await updateLoginFailures(db, user.id, {
      count,
      firstFailedAt: windowOpen ? user.firstFailedAt : nowText,
      lockedUntil: null,
    });
    await audit('session.login-failed', { reason: 'wrong-password', failures: count });
    throw invalid;
  }

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await recordLoginSuccess(db, user.id, nowText);
  await insertSession(db, {
    id: hashToken(token),
    userId: user.id,
    orgId: user.orgId,
    createdAt: nowText,
    lastSeenAt: nowText,
    expiresAt: expiresAt.toISOString(),
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
  });
  await audit('session.login', {});
  return { token, expiresAt, user };
}

/**
 * The session a cookie's token belongs to, or undefined when there is none or it has expired
 * (12 hours after login, or `idleMinutes` after its last request). Slides the idle expiry.
 */
export async function authenticate(
  database: Database,
  token: string,
  idleMinutes: number,
): Promise<AuthContext | undefined> {
  const { db } = database;
  const now = new Date();
  const nowText = now.toISOString();
  const sessionId = hashToken(token);
  const found = await findSessionUser(db, sessionId);
  if (found === undefined) return undefined;
  const { session, user } = found;
  const idleSince = now.getTime() - new Date(session.lastSeenAt).getTime();
  if (session.expiresAt <= nowText || idleSince >= idleMinutes * MINUTE) {
    await deleteSession(db, sessionId);
    return undefined;
  }
  if (user.orgId !== session.orgId || found.disabled) {
    await deleteSession(db, sessionId);
    return undefined;
  }
  if (idleSince >= TOUCH_INTERVAL_MS) await touchSession(db, sessionId, nowText);
  return { sessionId, user };
}

export async function logout(database: Database, auth: AuthContext): Promise<void> {
  const now = new Date();
  await deleteSession(database.db, auth.sessionId);
  await appendAudit(
    database.db,
    {
      orgId: auth.user.orgId,
      actorId: auth.user.id,
      action: 'session.logout',
      entity: 'user',
      entityId: auth.user.id,
    },
    now.toISOString(),
  );
}

/** Removes sessions past their lifetime or idle timeout; cheap, so login calls it. */
export async function pruneSessions(database: Database, idleMinutes: number): Promise<void> {
  const now = Date.now();
  await deleteExpiredSessions(
    database.db,
    new Date(now).toISOString(),
    new Date(now - idleMinutes * MINUTE).toISOString(),
  );
}

/**
 * Changes the caller's password: the current one must be right and the new one must meet the
 * policy. Clears "must change password" and ends the user's other sessions.
 */
export async function changePassword(
  database: Database,
  auth: AuthContext,
  passwords: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { db } = database;
  const user = await findCredentialsById(db, auth.user.id);
  if (user === undefined) throw new AppError('unauthenticated', '请先登录');
  if (!(await verifyPassword(user.passwordHash, passwords.currentPassword))) {
    throw new AppError('wrong-password', '当前密码不正确');
  }
  if (passwords.newPassword === passwords.currentPassword) {
    throw new AppError('weak-password', '新密码不能与当前密码相同', {
      missing: ['different-from-current'],
      lacking: [],
    });
  }
  const problems = checkPasswordPolicy(passwords.newPassword);
  if (problems !== undefined) {
    throw new AppError('weak-password', problems.message, {
      missing: problems.missing,
      lacking: problems.lacking,
    });
  }
  const passwordHash = await hashPassword(passwords.newPassword);
  await db.transaction().execute(async (trx) => {
    await updatePassword(trx, user.id, passwordHash);
    await deleteOtherSessions(trx, user.id, auth.sessionId);
    await appendAudit(
      trx,
      {
        orgId: user.orgId,
        actorId: user.id,
        action: 'session.password-changed',
        entity: 'user',
        entityId: user.id,
      },
      new Date().toISOString(),
    );
  });
}
