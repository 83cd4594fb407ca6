import { defineConfig } from 'tsup';

// ES modules only: helm is found and run from tests, never through require().
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  platform: 'node',
  target: 'node22',
});
