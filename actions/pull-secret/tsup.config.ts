import { defineConfig } from 'tsup';

// The bundle the runner executes (`runs.main` in action.yml), committed under dist/. One ES module
// entry; everything heavy is a separate chunk loaded by dynamic import only when used: the Kubernetes
// client (apply mode) and each provider's cloud SDK. Builds must be reproducible: check-dist.test.ts
// rebuilds and compares byte for byte.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  splitting: true,
  noExternal: [/.*/],
  platform: 'node',
  target: 'node24',
  outDir: 'dist',
  clean: true,
  minify: true,
  sourcemap: false,
  // Bundled CommonJS (client-node's and the SDKs' dependencies) calls require(); give ES modules a real one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
