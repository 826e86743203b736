import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/**
 * A PostgreSQL database of its own on the server at `adminUrl` (empty, or a copy
 * of `template`), and the way to drop it, for tests and their setup.
 */
export async function createScratchDatabase(
  adminUrl: string,
  prefix: string,
  template?: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onAdmin(adminUrl, (admin) =>
    admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      onAdmin(adminUrl, (admin) => admin.unsafe(`drop database if exists ${name} with (force)`)),
  };
}

async function onAdmin(adminUrl: string, work: (admin: postgres.Sql) => Promise<unknown>) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await work(admin);
  } finally {
    await admin.end();
  }
}
