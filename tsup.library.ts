import { defineConfig } from 'tsup';

// The build of every published library package (not the CLI or the Action, which bundle): ESM and
// CommonJS with type declarations, for the `exports` map each package.json declares.
export const libraryConfig = defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node22',
});
