import { defineConfig } from 'tsup';

// The server is bundled into dist/main.js with the workspace schema package
// inlined; third-party dependencies stay external and load from node_modules.
export default defineConfig({
  entry: { main: 'src/main.ts', 'ics-worker': 'src/sync/ics/parse-worker.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  sourcemap: true,
  noExternal: ['@oneteamgov/schema'],
});
