import { loadConfig } from '../config.js';
import { VERSION } from '../version.js';
import {
  allowListCheck,
  type Check,
  configurationChecks,
  migrationsCheck,
  openForChecks,
  redisCheck,
  sourceChecks,
} from './doctor-checks.js';

/**
 * `otg-hub doctor`: every check an operator would otherwise do by hand, each
 * OK, WARN or FAIL with what to change. Reads the same environment as `serve`
 * and changes nothing (it never migrates).
 */
export async function doctorCommand(
  env: Record<string, string | undefined>,
  migrationsFolder: string,
): Promise<number> {
  const checks: Check[] = [];
  const report = () => {
    const width = Math.max(...checks.map((c) => c.name.length));
    console.log(`otg-hub doctor ${VERSION}`);
    for (const c of checks)
      console.log(`${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
    const fails = checks.filter((c) => c.status === 'FAIL').length;
    const warns = checks.filter((c) => c.status === 'WARN').length;
    console.log(
      fails
        ? `${fails} failed, ${warns} warning(s)`
        : `no failures${warns ? `, ${warns} warning(s)` : ''}`,
    );
    return fails ? 1 : 0;
  };
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    checks.push({ name: 'configuration', status: 'FAIL', detail: (error as Error).message });
    return report();
  }
  checks.push(...configurationChecks(config), allowListCheck(config));
  const [opened, redis] = await Promise.all([
    openForChecks(config, migrationsFolder),
    redisCheck(config),
  ]);
  checks.push(...opened.checks);
  try {
    if (opened.database) checks.push(await migrationsCheck(opened.database, migrationsFolder));
    checks.push(redis, ...(await sourceChecks(config, opened.database)));
  } finally {
    await opened.database?.close().catch(() => {});
  }
  return report();
}
