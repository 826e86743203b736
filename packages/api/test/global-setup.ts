import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';
import { defaultMigrationsFolder } from '../src/db/paths.js';

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
  project.provide('postgresTemplate', template ?? '');
  return async () => {
    rmSync(root, { recursive: true, force: true });
    if (adminUrl && template) await dropDatabase(adminUrl, template);
  };
}

const migrationsFolder = defaultMigrationsFolder(import.meta.url, 1);

async function migratedPostgresTemplate(adminUrl: string): Promise<string> {
  const name = `otg_template_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Closed before any suite copies it: a template must have no open connections.
  const database = await openDatabase({ url: url.toString(), migrationsFolder, maxConnections: 1 });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  return name;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
