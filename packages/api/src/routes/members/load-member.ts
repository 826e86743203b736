import type { Scope } from '@oneteamgov/schema';
import type { Context } from 'hono';
import { requireChapterScope, requireKey } from '../../auth/authorize.js';
import { allows } from '../../auth/principal.js';
import type { AppEnv } from '../../lib/context.js';
import { serviceCtx } from '../../lib/service-context.js';
import { chapterNotFound, memberNotFound } from '../../services/members/member-errors.js';
import {
  chapterOrigin,
  findMember,
  type MemberRow,
  managedElsewhere,
} from '../../services/members/read-members.js';

/** The member, when it exists and the key holds `scope` on its chapter; else the one 404. */
export async function loadMember(
  c: Context<AppEnv>,
  scope: Scope,
  memberId: string,
): Promise<MemberRow> {
  const principal = requireKey(c);
  const row = await findMember(serviceCtx(c), memberId);
  if (!row || !allows(principal, scope, row.chapterId)) throw memberNotFound(memberId);
  return row;
}

/**
 * A chapter-bound member operation: the key's scope first (so "not yours" and
 * "not there" are one 404), then the chapter must exist, and for writes be kept here.
 */
export async function authorizeChapter(
  c: Context<AppEnv>,
  scope: 'members:read' | 'members:write',
  chapterId: string,
): Promise<void> {
  requireChapterScope(c, scope, chapterId, () => chapterNotFound(chapterId));
  const origin = await chapterOrigin(serviceCtx(c), chapterId);
  if (scope === 'members:write' && origin !== c.get('deps').publicUrl)
    throw managedElsewhere(chapterId, origin);
}
