import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { knownQueryOnly } from './known-query.js';
import { registerHeaderComponents, withEveryResponseHeaders } from './openapi-responses.js';
import { ApiError } from './problem.js';
import { fieldErrorsFrom } from './validation-errors.js';

/**
 * Every router shares one validation hook, so invalid input always becomes the
 * same 400 problem with JSON pointers — never a raw ZodError. Every operation
 * also refuses query parameters its declaration does not name, and declares
 * the headers the application-wide middleware adds to each of its answers.
 */
export function createRouter() {
  const router = new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrorsFrom(result.target, result.error);
        throw new ApiError('invalid_request', 'One or more parameters are invalid', { errors });
      }
    },
  });
  registerHeaderComponents(router.openAPIRegistry);
  const register = router.openapi;
  router.openapi = ((route, handler, hook) => {
    const own = route.middleware ? [route.middleware].flat() : [];
    return register(
      {
        ...route,
        responses: withEveryResponseHeaders(route.path, route.responses),
        middleware: [knownQueryOnly(route.request?.query), ...own],
      },
      handler,
      hook,
    );
  }) as typeof register;
  return router;
}
