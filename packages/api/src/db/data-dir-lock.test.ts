import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../test/helpers/databases.js';
import { withDemoData } from '../../test/helpers/demo-data-dir.js';
import { openDatabase } from './client.js';

describe('the embedded database directory', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('is held by one process at a time, and free again once closed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'otg-lock-'));
    dirs.push(root);
    const dataDir = join(root, 'pglite');
    // A directory already holding a database: this is about the lock, not about creating one.
    await withDemoData(dataDir);
    const first = await openDatabase({ dataDir, migrationsFolder });
    await expect(openDatabase({ dataDir, migrationsFolder })).rejects.toThrow(
      /in use by another process/,
    );
    await first.close();
    const again = await openDatabase({ dataDir, migrationsFolder });
    await again.close();
  });
});
