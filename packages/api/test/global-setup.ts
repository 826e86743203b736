import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * One directory per test run for database templates (made on first use by
 * test/helpers/demo-data-dir.ts), removed when the run ends.
 */
export default function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'otg-templates-'));
  project.provide('dataDirTemplates', root);
  return () => rmSync(root, { recursive: true, force: true });
}
