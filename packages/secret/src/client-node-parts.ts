// The parts of @kubernetes/client-node that kube-api.ts uses, imported statically from the files that
// define them, in a module kube-api.ts loads on first use (built as its own file, see tsup.config.ts).
// Its index would also load watch, exec, attach, cp, port-forward and informers with their
// dependencies (ws, tar-fs); and a bundle that meets a dynamic import of client-node must keep every
// generated API class, since any of its exports might be used. Static imports of named classes let a
// bundler (the CLI's) drop the rest. client-node has no exports map, so these paths are importable;
// the tests fail if a release moves them.
export { KubeConfig } from '@kubernetes/client-node/dist/config.js';
export { ApiException } from '@kubernetes/client-node/dist/gen/apis/exception.js';
export {
  IsomorphicFetchHttpLibrary,
  ResponseContext,
  SelfDecodingBody,
} from '@kubernetes/client-node/dist/gen/http/http.js';
export { Observable } from '@kubernetes/client-node/dist/gen/rxjsStub.js';
export { ObjectCoreV1Api as CoreV1Api } from '@kubernetes/client-node/dist/gen/types/ObjectParamAPI.js';
