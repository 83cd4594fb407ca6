// esbuild plugins the CLI and the Action bundles share (imported by their tsup.config.ts).
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from 'tsup';

export type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const requireHere = createRequire(import.meta.url);
const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));

// yaml's ES-module build. Its "node" export is CommonJS, which esbuild can neither tree-shake nor load
// lazily: every module of it ran at start-up, inside __commonJS wrappers V8 had to compile on each run.
// The ES build is the same code (warnings go to console.warn instead of process.emitWarning, and
// YAML 1.1 !!binary uses atob/btoa instead of Buffer). Measured: about 8 ms less for `create`.
export const YAML_ESM = requireHere
  .resolve('yaml/package.json', {
    paths: [fileURLToPath(new URL('../../../packages/secret/', import.meta.url))],
  })
  .replace(/package\.json$/, 'browser/dist/index.js');

// Node builtins through require(), not `import`. Importing a builtin from an ES module builds its whole
// namespace, which runs every lazy getter: `import { parseArgs } from 'node:util'` loads about 40
// internal modules (streams, net, worker_threads) and `node:fs` loads fs/promises and readline. Each
// builtin becomes a small module that reads only the exports the bundle uses (the unused `export const`
// lines are dropped as pure), so start-up loads only what runs.
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const BUILTINS = new Set(builtinModules);
const SHIM_NAMESPACES = ['require-builtin', 'require-builtin-dependency'];
export const requireBuiltins: EsbuildPlugin = {
  name: 'require-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      // Only ES imports: a bundled CommonJS require() must get the module itself, not a namespace.
      if (!BUILTINS.has(name) || args.kind === 'require-call') return undefined;
      if (SHIM_NAMESPACES.includes(args.namespace)) return { path: args.path, external: true };
      // Dependencies get shims of their own: sharing one with bin.js would split it into a chunk that
      // start-up must load as well (google-auth-library's ES dependencies import node:fs and node:util).
      const namespace = args.importer.includes('/node_modules/')
        ? 'require-builtin-dependency'
        : 'require-builtin';
      return { path: name, namespace };
    });
    const shim = (args: { path: string }) => {
      const name = args.path;
      const exported = Object.keys(requireHere(`node:${name}`)).filter(
        (key) => IDENTIFIER.test(key) && key !== 'default',
      );
      return {
        loader: 'js' as const,
        contents: [
          "import { createRequire } from 'node:module';",
          // Names no builtin exports (http has a `get`).
          `const __builtin = createRequire(import.meta.url)('node:${name}');`,
          'const __pick = (key) => __builtin[key];',
          'export default __builtin;',
          ...exported.map((key) => `export const ${key} = /* @__PURE__ */ __pick('${key}');`),
        ].join('\n'),
      };
    };
    for (const namespace of SHIM_NAMESPACES) build.onLoad({ filter: /.*/, namespace }, shim);
  },
};

// A dependency's `await import('cjs-package')` (gaxios loads https-proxy-agent so): split into a chunk,
// esbuild gives the CommonJS module only as the chunk's default export, so `.HttpsProxyAgent` was
// undefined and every request through HTTPS_PROXY failed. A small ES module in between re-exports
// the names the package has.
export const commonJsDynamicImports: EsbuildPlugin = {
  name: 'commonjs-dynamic-imports',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (
        args.kind !== 'dynamic-import' ||
        args.pluginData === 'inner' ||
        !args.importer.includes('/node_modules/')
      ) {
        return undefined;
      }
      const resolved = await build.resolve(args.path, {
        kind: 'dynamic-import',
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'inner',
      });
      if (resolved.errors.length > 0 || resolved.external || !isCommonJs(resolved.path)) return undefined;
      // The module's name is relative to the workspace: esbuild hashes it into chunk names, and the
      // Action's committed dist must come out the same from any clone's directory.
      return {
        path: relative(WORKSPACE, resolved.path),
        namespace: 'commonjs-dynamic-import',
        pluginData: resolved.path,
      };
    });
    build.onLoad({ filter: /.*/, namespace: 'commonjs-dynamic-import' }, (args) => {
      const path = args.pluginData as string;
      const names = Object.keys(requireHere(path)).filter((key) => IDENTIFIER.test(key) && key !== 'default');
      return {
        loader: 'js',
        resolveDir: dirname(path),
        contents: [
          // A namespace import, not the default: that would be exports.default of an __esModule package.
          `import * as commonJs from ${JSON.stringify(`./${basename(path)}`)};`,
          'export default commonJs;',
          ...names.map((key) => `export const ${key} = commonJs.${key};`),
        ].join('\n'),
      };
    });
  },
};

function isCommonJs(path: string): boolean {
  if (path.endsWith('.cjs')) return true;
  if (!path.endsWith('.js')) return false;
  // ES module syntax in a package without "type": "module" (the AWS SDK's dist-es): not CommonJS.
  if (/^(?:import|export)\s/m.test(readFileSync(path, 'utf8'))) return false;
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type !== 'module';
  }
  return true;
}

// @kubernetes/client-node's modules declared free of side effects (its package.json says nothing), so
// a named import from its package root keeps only what those names use. Without it esbuild keeps every
// module the root re-exports for their imports alone: watch, exec, attach and cp bring ws, tar-fs and
// streamx (110 kB) into the CLI's client-node chunk. Its polyfill (a `File` global for Node 18) is the
// one module that runs for its effect, and keeps it.
const CLIENT_NODE_DIST = /[\\/]node_modules[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]/;
export const clientNodeSideEffectFree: EsbuildPlugin = {
  name: 'client-node-side-effect-free',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!CLIENT_NODE_DIST.test(args.importer) || /polyfill\.js$/.test(args.path)) return undefined;
      return { path: join(args.resolveDir, args.path), sideEffects: false };
    });
  },
};

/** The banner both bundles need: bundled CommonJS (client-node's and the SDKs' dependencies) calls require(). */
export const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
