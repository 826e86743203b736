import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { ApiError } from './problem.js';
import { fieldErrorsFrom } from './validation-errors.js';

/**
 * Every router shares one validation hook, so invalid input always becomes the
 * same 400 problem with JSON pointers — never a raw ZodError.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrorsFrom(result.target, result.error);
        throw new ApiError('invalid_request', 'One or more parameters are invalid', { errors });
      }
    },
  });
}
