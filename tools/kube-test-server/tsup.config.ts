import { defineConfig } from 'tsup';

// ES modules only: the server is used from tests and from its bin, never through require().
export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  platform: 'node',
  target: 'node22',
});
