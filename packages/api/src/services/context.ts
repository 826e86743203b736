import type { Db } from '../db/client.js';

/** What a service needs: the database and the clock. No HTTP types cross this line. */
export interface ServiceCtx {
  db: Db;
  now: () => Date;
}
