import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import {
  clientNodeSideEffectFree,
  commonJsDynamicImports,
  type EsbuildPlugin,
  REQUIRE_BANNER,
  requireBuiltins,
  YAML_ESM,
} from '../../tools/bundle/src/esbuild-plugins.ts';

// @actions/core imports @actions/http-client (which bundles its own copy of undici, three quarters of
// the static bundle) for one thing only: getIDToken, GitHub's OIDC token, which only some providers ask
// for. This hands core's OIDC client stand-ins that load the real http-client on first use, so it lands
// in a chunk of its own. Only core's oidc-utils is redirected; the stand-ins import the real package.
const LAZY_HTTP_CLIENT = `
let loaded;
const load = () => (loaded ??= Promise.all([import('@actions/http-client'), import('@actions/http-client/lib/auth')]));
export class BearerCredentialHandler {
  constructor(token) { this.token = token; }
}
export class HttpClient {
  constructor(userAgent, handlers, options) { this.init = { userAgent, handlers, options }; }
  async getJson(url, headers) {
    const [http, auth] = await load();
    const { userAgent, handlers, options } = this.init;
    const real = handlers.map((handler) => new auth.BearerCredentialHandler(handler.token));
    return new http.HttpClient(userAgent, real, options).getJson(url, headers);
  }
}
`;
const lazyHttpClient: EsbuildPlugin = {
  name: 'lazy-http-client',
  setup(build) {
    build.onResolve({ filter: /^@actions\/http-client(\/lib\/auth)?$/ }, (args) =>
      /@actions[\\/]core[\\/]lib[\\/]oidc-utils\.js$/.test(args.importer)
        ? { path: 'lazy-http-client', namespace: 'lazy-http-client' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-http-client' }, () => ({
      contents: LAZY_HTTP_CLIENT,
      loader: 'js',
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    }));
  },
};

// The bundle the runner executes (`runs.main` and `runs.post` in action.yml), committed under dist/. One ES module
// entry; everything heavy is a separate chunk loaded by dynamic import only when used: the Kubernetes
// client (apply mode), the OIDC HTTP client, and each provider's cloud SDK. Builds must be
// reproducible: test/check-dist.test.ts rebuilds and compares byte for byte.
export default defineConfig({
  // index: the step; post: the post step (action.yml `post:`), the cleanup input's deletions.
  entry: { index: 'src/index.ts', post: 'src/post.ts' },
  format: ['esm'],
  splitting: true,
  noExternal: [/.*/],
  platform: 'node',
  target: 'node24',
  outDir: 'dist',
  clean: true,
  minify: true,
  // Read only when the step runs with debug logging (src/index.ts enables them before loading the rest).
  sourcemap: true,
  // Keep `node:` specifiers, so require-builtins sees every builtin import.
  removeNodeProtocol: false,
  esbuildPlugins: [lazyHttpClient, requireBuiltins, commonJsDynamicImports, clientNodeSideEffectFree],
  banner: { js: REQUIRE_BANNER },
  esbuildOptions(options) {
    options.alias = { ...options.alias, yaml: YAML_ESM };
    // Traces need the mappings only; the sources themselves would triple the shipped size.
    options.sourcesContent = false;
  },
});
