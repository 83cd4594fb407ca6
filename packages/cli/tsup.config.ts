import { defineConfig } from 'tsup';
import {
  clientNodeSideEffectFree,
  commonJsDynamicImports,
  REQUIRE_BANNER,
  requireBuiltins,
  YAML_ESM,
} from '../../tools/bundle/src/esbuild-plugins.ts';

// One self-contained bundle: every command in bin.js, and @kubernetes/client-node and google-auth-library
// in chunks of their own that only the commands needing them load (dynamic import). Workspace packages and yaml are bundled in, hence
// devDependencies only.
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  splitting: true,
  noExternal: [/.*/],
  platform: 'node',
  target: 'node22',
  clean: true,
  minify: true,
  // Shipped beside the bundle and read only under --debug (bin/pull-secret.js enables them then).
  sourcemap: true,
  // Keep `node:` specifiers, so require-builtins sees every builtin import (tsup would strip the prefix
  // and mark it external before any plugin runs).
  removeNodeProtocol: false,
  esbuildPlugins: [requireBuiltins, commonJsDynamicImports, clientNodeSideEffectFree],
  banner: { js: REQUIRE_BANNER },
  esbuildOptions(options) {
    options.alias = { ...options.alias, yaml: YAML_ESM };
    // Traces need the mappings only; the sources themselves would triple the shipped size.
    options.sourcesContent = false;
  },
});
