// What kube-api.ts takes from @kubernetes/client-node (its package root, public API only) and from
// undici, in a module kube-api.ts loads on first use (built as its own file, see tsup.config.ts): the
// commands that never talk to a cluster do not load either. Named imports from the root let a bundler
// (the CLI's, the Action's) keep only these classes and what they use.
export {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  ListWatch,
  Observable,
  RequestContext,
  ResponseContext,
  SelfDecodingBody,
  setHeaderOptions,
  Watch,
} from '@kubernetes/client-node';
export { Agent, ProxyAgent } from 'undici';
