import { defineConfig } from 'tsup';

// ES modules only: the servers are used from tests, never through require().
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  platform: 'node',
  target: 'node22',
});
