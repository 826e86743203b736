import type { Context } from 'hono';
import { declaredScopeChecker } from '../../auth/authorize.js';
import type { AppEnv } from '../../lib/context.js';
import { serviceCtx } from '../../lib/service-context.js';
import { memberNotFound } from '../../services/members/member-errors.js';
import {
  chapterOrigin,
  findMember,
  type MemberRow,
  managedElsewhere,
} from '../../services/members/read-members.js';

/** The member, when it exists and the key holds `scope` on its chapter; else the one 404. */
export async function loadMember(c: Context<AppEnv>, memberId: string): Promise<MemberRow> {
  const mayUse = declaredScopeChecker(c);
  const row = await findMember(serviceCtx(c), memberId);
  if (!row || !mayUse(row.chapterId)) throw memberNotFound(memberId);
  return row;
}

/**
 * A chapter-bound member operation (the route's access rule has checked the key's
 * scope on the chapter): the chapter must exist, and for writes be kept here.
 */
export async function authorizeChapter(
  c: Context<AppEnv>,
  scope: 'members:read' | 'members:write',
  chapterId: string,
): Promise<void> {
  const origin = await chapterOrigin(serviceCtx(c), chapterId);
  if (scope === 'members:write' && origin !== c.get('deps').publicUrl)
    throw managedElsewhere(chapterId, origin);
}
