import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run keeps the embedded databases its end-to-end tests start from. */
    dataDirTemplates: string;
  }
}

/**
 * One directory per test run for database templates (made on first use by
 * test/helpers/demo-data-dir.ts), removed when the run ends.
 */
export default function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'otg-templates-'));
  project.provide('dataDirTemplates', root);
  return () => rmSync(root, { recursive: true, force: true });
}
