import { defineConfig } from 'tsup';

// client-node-parts is its own ES module, imported by index (ESM and CJS alike) with import() on first
// use: the CommonJS build then loads client-node (ES modules only) the way Node allows on every 22.x,
// and a bundler that bundles this package sees named imports of the few client-node classes used.
const CLIENT_NODE_PARTS = './client-node-parts.js';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    // Both builds run at once: this one's clean leaves the other's output alone.
    clean: ['!client-node-parts.*'],
    sourcemap: true,
    target: 'node22',
    esbuildPlugins: [
      {
        name: 'client-node-parts-apart',
        setup(build) {
          build.onResolve({ filter: /^\.\/client-node-parts\.js$/ }, () => ({
            path: CLIENT_NODE_PARTS,
            external: true,
          }));
        },
      },
    ],
  },
  {
    entry: ['src/client-node-parts.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'node22',
  },
]);
