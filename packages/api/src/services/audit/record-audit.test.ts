import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../../test/helpers/databases.js';
import { uniqueId } from '../../../test/helpers/fixtures.js';
import { testCtx } from '../../../test/helpers/service-ctx.js';
import type { Database } from '../../db/client.js';
import { auditLog, instanceSecrets } from '../../db/schema/index.js';
import { withTransaction } from '../context.js';
import { recordAudit } from './record-audit.js';

describe.each(testDatabases())('audit input hashes on $name', (backend) => {
  let database: Database;

  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database.close());

  const audited = (input: string, targetId: string, fail = false) =>
    withTransaction({ ...testCtx(database.db), input }, async (w) => {
      await recordAudit(w, { action: 'test.write', targetType: 'test', targetId, chapterId: null });
      if (fail) throw new Error('rolled back on purpose');
    });

  const hashOf = async (targetId: string) => {
    const [entry] = await database.db
      .select({ hash: auditLog.inputHash })
      .from(auditLog)
      .where(eq(auditLog.targetId, targetId));
    return entry?.hash;
  };

  it('hashes under the secret the database keeps, even when the first write to need it rolled back', async () => {
    await expect(audited('{"title":"first"}', uniqueId('t'), true)).rejects.toThrow('on purpose');
    // The secret created by the rolled-back write went with it.
    expect(
      await database.db.select().from(instanceSecrets).where(eq(instanceSecrets.name, 'audit')),
    ).toEqual([]);

    const first = uniqueId('t');
    const second = uniqueId('t');
    await audited('{"title":"same"}', first);
    await audited('{"title":"same"}', second);
    const [secret] = await database.db
      .select()
      .from(instanceSecrets)
      .where(eq(instanceSecrets.name, 'audit'));
    const expected = createHmac('sha256', secret!.value)
      .update('{"title":"same"}')
      .digest('base64url');
    expect(await hashOf(first)).toBe(expected);
    expect(await hashOf(second)).toBe(expected);
  });
});
