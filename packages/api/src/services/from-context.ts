import type { Context } from 'hono';
import type { AppEnv } from '../lib/context.js';
import type { ServiceCtx } from './context.js';

export function serviceCtx(c: Context<AppEnv>): ServiceCtx {
  const deps = c.get('deps');
  return { db: deps.db, now: deps.now ?? (() => new Date()) };
}
