import { defineConfig } from 'vitest/config';

// Unit tests of the pure parts (wording, dates, links). The element itself is
// tested in headless Chromium against a running hub: packages/api/test/e2e/embed.e2e.test.ts.
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
