import type { Db } from '../../src/db/client.js';
import { type ServiceCtx, systemCtx } from '../../src/services/context.js';
import { TEST_ORIGIN } from './test-app.js';

/** A service context for tests that call services directly, as the hub acting for itself. */
export function testCtx(db: Db, now: () => Date = () => new Date()): ServiceCtx {
  return systemCtx(db, TEST_ORIGIN, now);
}
