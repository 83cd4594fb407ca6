import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const requireHere = createRequire(import.meta.url);

// yaml's ES-module build. Its "node" export is CommonJS, which esbuild can neither tree-shake nor load
// lazily: every module of it ran at start-up, inside __commonJS wrappers V8 had to compile on each run.
// The ES build is the same code (warnings go to console.warn instead of process.emitWarning, and
// YAML 1.1 !!binary uses atob/btoa instead of Buffer). Measured: about 8 ms less for `create`.
const YAML_ESM = requireHere
  .resolve('yaml/package.json', { paths: [fileURLToPath(new URL('../secret/', import.meta.url))] })
  .replace(/package\.json$/, 'browser/dist/index.js');

// Node builtins through require(), not `import`. Importing a builtin from an ES module builds its whole
// namespace, which runs every lazy getter: `import { parseArgs } from 'node:util'` loads about 40
// internal modules (streams, net, worker_threads) and `node:fs` loads fs/promises and readline. Each
// builtin becomes a small module that reads only the exports the bundle uses (the unused `export const`
// lines are dropped as pure), so start-up loads only what runs.
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const BUILTINS = new Set(builtinModules);
const requireBuiltins: EsbuildPlugin = {
  name: 'require-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      // Only ES imports: a bundled CommonJS require() must get the module itself, not a namespace.
      if (!BUILTINS.has(name) || args.kind === 'require-call') return undefined;
      if (args.namespace === 'require-builtin') return { path: args.path, external: true };
      return { path: name, namespace: 'require-builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'require-builtin' }, (args) => {
      const exported = Object.keys(requireHere(`node:${args.path}`)).filter(
        (key) => IDENTIFIER.test(key) && key !== 'default',
      );
      return {
        loader: 'js',
        contents: [
          "import { createRequire } from 'node:module';",
          // Names no builtin exports (http has a `get`).
          `const __builtin = createRequire(import.meta.url)('node:${args.path}');`,
          'const __pick = (key) => __builtin[key];',
          'export default __builtin;',
          ...exported.map((key) => `export const ${key} = /* @__PURE__ */ __pick('${key}');`),
        ].join('\n'),
      };
    });
  },
};

// One self-contained bundle: every command in bin.js, and @kubernetes/client-node in a chunk of its own
// that only apply and status load (dynamic import). Workspace packages and yaml are bundled in, hence
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
  sourcemap: false,
  // Keep `node:` specifiers, so require-builtins sees every builtin import (tsup would strip the prefix
  // and mark it external before any plugin runs).
  removeNodeProtocol: false,
  esbuildPlugins: [requireBuiltins],
  // Bundled CommonJS (client-node's dependencies) calls require(); give ES modules a real one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  esbuildOptions(options) {
    options.alias = { ...options.alias, yaml: YAML_ESM };
  },
});
