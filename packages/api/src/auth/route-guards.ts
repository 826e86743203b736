import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/context.js';
import { requireAdmin, requireKey } from './authorize.js';

/**
 * Route middleware runs before input validation, so who may call is settled
 * first: an anonymous or non-admin caller learns nothing from validation errors.
 */
export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireAdmin(c);
  await next();
};

export const keyRequired: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireKey(c);
  await next();
};
