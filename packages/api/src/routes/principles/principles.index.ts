import { createRouter } from '../../lib/create-router.js';
import { listPrinciples } from '../../services/principles/list-principles.js';
import { listPrinciplesRoute } from './principles.routes.js';

export function principlesRouter() {
  return createRouter().openapi(listPrinciplesRoute, (c) => {
    return c.json({ data: listPrinciples() }, 200);
  });
}
