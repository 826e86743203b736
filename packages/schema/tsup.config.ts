import { defineConfig } from 'tsup';

// Only for publishing (`prepack`): inside the workspace the package is used from source.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
});
