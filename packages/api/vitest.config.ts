import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Caps, not timing assertions: a busy CI machine must not turn a slow start into a failure.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // PGlite instances are memory-hungry WASM; two workers match this machine's cores.
    maxWorkers: 2,
    // Test files share a worker's module cache: every file builds the same app and routes,
    // and loading them afresh for each file cost more than the tests themselves.
    isolate: false,
    // Real-process and browser tests wait on servers starting; give them room.
    slowTestThreshold: 5_000,
  },
});
