import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packages = fileURLToPath(new URL('../../../', import.meta.url));

/** What `npm publish` would put in the tarball, without building or publishing anything. */
async function tarballFiles(name: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: `${packages}${name}`,
  });
  const [packed] = JSON.parse(stdout) as { files: { path: string }[] }[];
  return packed!.files.map((f) => f.path);
}

describe('published packages', { timeout: 60_000 }, () => {
  it.each(['sdk', 'schema', 'embed'])(
    '@oneteamgov/%s ships the MIT LICENSE in its tarball',
    async (name) => {
      const files = await tarballFiles(name);
      expect(files).toContain('LICENSE');
      expect(files).toContain('package.json');
    },
  );
});
