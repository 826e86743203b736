import { readFile } from 'node:fs/promises';
import { Id, Slug } from '@oneteamgov/schema';
import { z } from 'zod';
import type { ServiceCtx } from '../services/context.js';
import { upsertSource } from '../services/sources/manage-sources.js';

const SourcesFile = z
  .array(
    z.strictObject({
      id: Id,
      chapterId: Slug,
      kind: z.enum(['instance', 'ics']),
      url: z.url({ protocol: /^https?$/ }).max(2000),
      intervalMinutes: z.number().int().min(1).max(10_080).optional(),
    }),
  )
  .max(10_000);

/** Declares the sources listed in SOURCES_FILE (re-applied on every start). */
export async function loadSourcesFile(ctx: ServiceCtx, path: string): Promise<number> {
  const parsed = SourcesFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid SOURCES_FILE ${path}:\n${lines.join('\n')}`);
  }
  for (const source of parsed.data) await upsertSource(ctx, source);
  return parsed.data.length;
}
