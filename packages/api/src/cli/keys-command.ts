import { parseArgs } from 'node:util';
import { ApiKeyInput, type KeyGrant } from '@oneteamgov/schema';
import type { Config } from '../config.js';
import { createKey } from '../services/keys/create-key.js';
import { listKeys, revokeKey } from '../services/keys/manage-keys.js';
import { missingFlags } from './operator-errors.js';
import { KEYS_USAGE } from './usage.js';
import { cliCtx, withDatabase } from './with-database.js';

/** Key management for operators, so the first admin key never needs SQL. Output is JSON. */
export async function keysCommand(
  args: string[],
  config: Config,
  migrationsFolder: string,
): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      admin: { type: 'boolean' },
      grant: { type: 'string', multiple: true },
    },
  });
  // Checked before the database is opened, so a forgotten flag is named at once.
  const missing =
    action === 'create'
      ? [
          ...(values.name ? [] : ['--name']),
          ...(values.admin || values.grant?.length ? [] : ['--admin or --grant']),
        ]
      : action === 'revoke' && !positionals[0]
        ? ['ID']
        : [];
  if (missing.length > 0) throw missingFlags(`keys ${action}`, missing, KEYS_USAGE);
  return withDatabase(config, migrationsFolder, async (database) => {
    const ctx = cliCtx(database.db, config);
    const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));
    switch (action) {
      case 'create': {
        const grants: KeyGrant[] = values.admin ? [{ scope: 'admin', chapterId: null }] : [];
        for (const grant of values.grant ?? []) {
          const at = grant.lastIndexOf(':');
          grants.push({ scope: grant.slice(0, at), chapterId: grant.slice(at + 1) } as KeyGrant);
        }
        const parsed = ApiKeyInput.safeParse({ name: values.name, grants });
        if (!parsed.success) {
          console.error(`Invalid key: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
          console.error(`Usage:\n${KEYS_USAGE}`);
          return 2;
        }
        const key = await createKey(ctx, { ...parsed.data, createdBy: 'cli' });
        print(key);
        console.error('Store the secret now: it is not shown again.');
        return 0;
      }
      case 'list':
        print((await listKeys(ctx, { limit: 100 })).data);
        return 0;
      case 'revoke': {
        const key = await revokeKey(ctx, positionals[0] ?? '');
        print(key);
        return 0;
      }
      default:
        console.error(`Unknown keys action "${action ?? ''}".\n${KEYS_USAGE}`);
        return 2;
    }
  });
}
