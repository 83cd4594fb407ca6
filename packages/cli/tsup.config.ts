import { defineConfig } from 'tsup';

// One self-contained bundle: each command is its own chunk, loaded only when that command runs, so
// start-up reads little code. Workspace packages and yaml are bundled in, hence devDependencies only.
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  splitting: true,
  noExternal: [/.*/],
  platform: 'node',
  target: 'node22',
  clean: true,
  minify: true,
  sourcemap: false,
  // yaml ships CommonJS for Node; its require() calls need a real require inside an ES module.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
