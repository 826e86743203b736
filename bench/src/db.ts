import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

export const MIGRATIONS_FOLDER = fileURLToPath(
  new URL('../../packages/api/drizzle', import.meta.url),
);

/** Drops and re-creates the bench database through the admin URL. */
export async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
