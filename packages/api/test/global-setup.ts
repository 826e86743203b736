import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';
import { defaultMigrationsFolder } from '../src/db/paths.js';
import { createScratchDatabase } from './helpers/scratch-postgres.js';

/**
 * One directory per test run for database templates (made on first use by
 * test/helpers/demo-data-dir.ts), and with TEST_DATABASE_URL one migrated
 * PostgreSQL database that suites' databases are created from, so no suite
 * applies the migrations again. Both are removed when the run ends.
 */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'otg-templates-'));
  project.provide('dataDirTemplates', root);
  const adminUrl = process.env.TEST_DATABASE_URL;
  const template = adminUrl ? await migratedPostgresTemplate(adminUrl) : undefined;
  project.provide('postgresTemplate', template?.name ?? '');
  return async () => {
    rmSync(root, { recursive: true, force: true });
    await template?.drop();
  };
}

const migrationsFolder = defaultMigrationsFolder(import.meta.url, 1);

async function migratedPostgresTemplate(adminUrl: string) {
  const template = await createScratchDatabase(adminUrl, 'otg_template');
  // Closed before any suite copies it: a template must have no open connections.
  const database = await openDatabase({ url: template.url, migrationsFolder, maxConnections: 1 });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  return template;
}
