import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packages = fileURLToPath(new URL('../../../', import.meta.url));
const PUBLISHED = ['sdk', 'schema', 'embed'];

describe('published packages', { timeout: 60_000 }, () => {
  const tarballs = new Map<string, string[]>();

  // What `npm publish` would put in each tarball, without building or publishing
  // anything: one npm run for all of them (npm takes seconds to start).
  beforeAll(async () => {
    const { stdout } = await run(
      'npm',
      ['pack', '--dry-run', '--json', '--ignore-scripts', ...PUBLISHED.map((name) => `./${name}`)],
      { cwd: packages },
    );
    for (const packed of JSON.parse(stdout) as { name: string; files: { path: string }[] }[])
      tarballs.set(
        packed.name,
        packed.files.map((f) => f.path),
      );
  });

  it.each(PUBLISHED)('@oneteamgov/%s ships the MIT LICENSE in its tarball', (name) => {
    const files = tarballs.get(`@oneteamgov/${name}`);
    expect(files).toContain('LICENSE');
    expect(files).toContain('package.json');
  });
});
