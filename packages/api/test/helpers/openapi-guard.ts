import { openApiDocument } from '../../src/openapi.js';

type Operation = { responses?: Record<string, unknown> };

const operations = Object.entries(openApiDocument().paths ?? {}).map(([path, item]) => ({
  pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  item: item as Record<string, Operation>,
}));

/**
 * Test-only guard: fails when a documented operation answers a status it does
 * not declare in the OpenAPI document, so the spec and the server cannot drift.
 */
export function assertDeclaredStatus(request: Request, response: Response): void {
  const { pathname } = new URL(request.url);
  const method = request.method === 'HEAD' ? 'get' : request.method.toLowerCase();
  const match = operations.find((o) => o.pattern.test(pathname) && o.item[method]);
  if (!match) return;
  const declared = Object.keys(match.item[method]?.responses ?? {});
  if (!declared.includes(String(response.status)) && !declared.includes('default')) {
    throw new Error(
      `${request.method} ${pathname} answered ${response.status}, which its OpenAPI operation does not declare (declared: ${declared.join(', ')})`,
    );
  }
}
