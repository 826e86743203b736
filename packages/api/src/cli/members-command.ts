import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { MEMBER_IMPORT_MAX, MemberInput } from '@oneteamgov/schema';
import type { Config } from '../config.js';
import { importMembers } from '../services/members/import-members.js';
import { missingFlags, OperatorError } from './operator-errors.js';
import { printSummary, withProgress } from './progress.js';
import { MEMBERS_USAGE } from './usage.js';
import { cliCtx, withDatabase } from './with-database.js';

/** Reads the file and sorts its rows into valid members and refusals with their row numbers. */
async function readMembers(file: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new OperatorError(`members import: cannot read ${file}: ${(error as Error).message}`);
  }
  const rows = Array.isArray(parsed) ? parsed : (parsed as { members?: unknown })?.members;
  if (!Array.isArray(rows)) {
    throw new OperatorError(
      `members import: ${file} must hold a JSON array of members (or { "members": [...] })`,
    );
  }
  const valid: MemberInput[] = [];
  const invalid: string[] = [];
  rows.forEach((row, i) => {
    const result = MemberInput.safeParse(row);
    if (result.success) valid.push(result.data);
    else
      invalid.push(
        `row ${i + 1}: ${result.error.issues.map((x) => `${x.path.join('.') || 'row'} ${x.message}`).join('; ')}`,
      );
  });
  return { valid, invalid };
}

/**
 * Imports members in batches (the API's limit per request), with progress on a
 * terminal and a summary of who was added and who was skipped, and why.
 */
export async function membersCommand(
  args: string[],
  config: Config,
  migrationsFolder: string,
): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { chapter: { type: 'string' }, file: { type: 'string' } },
  });
  if (action !== 'import') {
    console.error(`Unknown members action "${action ?? ''}".\n${MEMBERS_USAGE}`);
    return 2;
  }
  const missing = (['chapter', 'file'] as const).filter((f) => !values[f]).map((f) => `--${f}`);
  if (missing.length > 0) throw missingFlags('members import', missing, MEMBERS_USAGE);
  const { valid, invalid } = await readMembers(values.file!);
  const chapterId = values.chapter!;
  return withDatabase(config, migrationsFolder, async (database) => {
    const ctx = cliCtx(database.db, config);
    const totals = { created: 0, skippedExisting: 0, skippedErased: 0 };
    const batches = Math.ceil(valid.length / MEMBER_IMPORT_MAX);
    await withProgress(`importing ${valid.length} members into ${chapterId}`, async (progress) => {
      for (let b = 0; b < batches; b += 1) {
        progress.update(`importing into ${chapterId}: batch ${b + 1} of ${batches}`);
        const members = valid.slice(b * MEMBER_IMPORT_MAX, (b + 1) * MEMBER_IMPORT_MAX);
        const outcome = await importMembers(ctx, { chapterId, input: { members } });
        totals.created += outcome.created;
        totals.skippedExisting += outcome.skippedExisting;
        totals.skippedErased += outcome.skippedErased;
      }
    });
    console.log(JSON.stringify({ ...totals, skippedInvalid: invalid.length }, null, 2));
    printSummary([
      `${chapterId}: ${totals.created} members added`,
      `  skipped: ${totals.skippedExisting} already members (same e-mail, ignoring case)`,
      `  skipped: ${totals.skippedErased} who asked to be erased (only an individual add brings them back)`,
      `  skipped: ${invalid.length} invalid rows${invalid.length ? ':' : ''}`,
      ...invalid.slice(0, 20).map((line) => `    ${line}`),
      ...(invalid.length > 20 ? [`    … and ${invalid.length - 20} more`] : []),
    ]);
    return 0;
  });
}
