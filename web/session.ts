import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Db } from '../prisma/client';

/**
 * The web pages' server-side session (backend-for-frontend): the browser holds only a random id
 * in an HttpOnly, SameSite=Lax cookie; PostgreSQL holds its SHA-256 with the person, the tokens
 * and the CSRF token. A session ends at logout, after idle time, or at its absolute end.
 */
export const SESSION_COOKIE = 'verzuimregie_sessie';
export const LOGIN_COOKIE = 'verzuimregie_login';

export type WebUser = { id: string; role: string; name: string; gemeenten: string[]; schoolBrin?: string };
export type WebSession = { id: string; user: WebUser; accessToken: string; idToken?: string; csrfToken: string; expiresAt: Date };
export type SessionSettings = { idleMinutes: number; maxHours: number; secureCookies: boolean };

export const sha256 = (v: string) => crypto.createHash('sha256').update(v).digest('hex');
export const randomToken = () => crypto.randomBytes(32).toString('base64url');

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function cookieOptions(settings: SessionSettings, maxAgeMs?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: settings.secureCookies, path: '/', ...(maxAgeMs !== undefined && { maxAge: maxAgeMs }) };
}

export async function createSession(
  prisma: Db,
  res: Response,
  settings: SessionSettings,
  data: { user: WebUser; accessToken: string; idToken?: string; tokenExpiresAt?: Date },
): Promise<void> {
  const cookie = randomToken();
  const max = new Date(Date.now() + settings.maxHours * 3600_000);
  const expiresAt = data.tokenExpiresAt && data.tokenExpiresAt < max ? data.tokenExpiresAt : max;
  await prisma.webSession.create({
    data: {
      id: sha256(cookie),
      subject: data.user.id,
      role: data.user.role,
      name: data.user.name,
      gemeenten: data.user.gemeenten,
      schoolBrin: data.user.schoolBrin ?? null,
      accessToken: data.accessToken,
      idToken: data.idToken ?? null,
      csrfToken: randomToken(),
      expiresAt,
    },
  });
  res.cookie(SESSION_COOKIE, cookie, cookieOptions(settings, expiresAt.getTime() - Date.now()));
}

/** Sent by web/assets/queue-refresh.js with its background requests. */
export const BACKGROUND_REFRESH_HEADER = 'x-achtergrond-verversen';

/** The live session of this request, or undefined (expired or idle sessions are deleted). */
export async function loadSession(prisma: Db, req: Request, settings: SessionSettings): Promise<WebSession | undefined> {
  const cookie = readCookie(req, SESSION_COOKIE);
  if (!cookie || !/^[A-Za-z0-9_-]{20,100}$/.test(cookie)) return undefined;
  const id = sha256(cookie);
  const row = await prisma.webSession.findUnique({ where: { id } });
  if (!row) return undefined;
  const now = Date.now();
  if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + settings.idleMinutes * 60_000 <= now) {
    await prisma.webSession.deleteMany({ where: { id } });
    return undefined;
  }
  // Idle time counts from the last request; written at most once a minute. A page's own background
  // refresh (the queue's script, BACKGROUND_REFRESH_HEADER) is no activity: the session still idles out.
  if (now - row.lastSeenAt.getTime() > 60_000 && !req.get(BACKGROUND_REFRESH_HEADER)) await prisma.webSession.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
  return {
    id,
    user: { id: row.subject, role: row.role, name: row.name, gemeenten: row.gemeenten, schoolBrin: row.schoolBrin ?? undefined },
    accessToken: row.accessToken,
    idToken: row.idToken ?? undefined,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
  };
}

export async function destroySession(prisma: Db, req: Request, res: Response, settings: SessionSettings): Promise<void> {
  const cookie = readCookie(req, SESSION_COOKIE);
  if (cookie) await prisma.webSession.deleteMany({ where: { id: sha256(cookie) } });
  res.clearCookie(SESSION_COOKIE, cookieOptions(settings));
}

/**
 * The codec endpoint accepts the web session too: a request without an Authorization header but
 * with a live session cookie is sent on with that person's token (the same verification applies).
 */
export function bearerFromWebSession(prisma: Db, settings: SessionSettings): RequestHandler {
  return (req, _res, next) => {
    if (req.headers.authorization || !readCookie(req, SESSION_COOKIE)) return next();
    loadSession(prisma, req, settings).then((s) => {
      if (s) req.headers.authorization = `Bearer ${s.accessToken}`;
      next();
    }, next);
  };
}

export function csrfMatches(session: WebSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || submitted.length !== session.csrfToken.length) return false;
  return crypto.timingSafeEqual(Buffer.from(submitted), Buffer.from(session.csrfToken));
}
