import { fileURLToPath } from 'node:url';

/**
 * The committed migrations live in packages/api/drizzle. Both src/db/paths.ts (run
 * from source) and the bundled dist/main.js resolve it relative to their own file.
 */
export function defaultMigrationsFolder(fromUrl: string, levelsUp: number): string {
  return fileURLToPath(new URL(`${'../'.repeat(levelsUp)}drizzle`, fromUrl));
}
