import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it, vi } from 'vitest';
import { IN_CLUSTER_CA, IN_CLUSTER_TOKEN, loadKubeconfig } from './load-kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'pull-secret-load-kubeconfig-'));
const kubeconfig = (name: string, server: string) => {
  const file = join(dir, name);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: ${name}, cluster: {server: "${server}"}}]
users: [{name: ${name}, user: {token: t}}]
contexts: [{name: ${name}, context: {cluster: ${name}, user: ${name}}}]
current-context: ${name}
`,
  );
  return file;
};
// The machine running the tests is not a pod: its in-cluster token is never found.
const exists = (path: string) => path !== IN_CLUSTER_TOKEN && existsSync(path);
const load = (env: Record<string, string | undefined>, file?: string) => {
  const config = new KubeConfig();
  loadKubeconfig(config, { env, exists, ...(file ? { file } : {}) });
  return config;
};

describe('loadKubeconfig', () => {
  it('skips the files of a KUBECONFIG list that do not exist, as kubectl does', () => {
    const first = kubeconfig('first', 'https://first.example:6443');
    const second = kubeconfig('second', 'https://second.example:6443');
    const missing = join(dir, 'missing');
    const config = load({ KUBECONFIG: [missing, first, join(dir, 'gone'), second].join(delimiter) });
    // The first file to set current-context wins; the others' contexts are merged in.
    expect(config.getCurrentCluster()?.server).toBe('https://first.example:6443');
    expect(config.getContexts().map((context) => context.name)).toEqual(['first', 'second']);
  });

  it('says what it looked at when no file of KUBECONFIG exists', () => {
    const list = [join(dir, 'a'), join(dir, 'b')].join(delimiter);
    expect(() => load({ KUBECONFIG: list, HOME: dir })).toThrow(
      expect.objectContaining({
        code: 'KUBECONFIG_NOT_FOUND',
        message: `No kubeconfig found; looked at KUBECONFIG (${list}: none exists), the in-cluster ServiceAccount (${IN_CLUSTER_TOKEN}).`,
        template: expect.objectContaining({
          hint: 'Set KUBECONFIG, or give the kubeconfig file with {{kubeconfig}}.',
        }),
      }),
    );
  });

  it('with no KUBECONFIG and no ~/.kube/config, says so instead of trying localhost:8080', () => {
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    expect(() => load({ HOME: home })).toThrow(
      `No kubeconfig found; looked at ${join(home, '.kube', 'config')}, the in-cluster ServiceAccount (${IN_CLUSTER_TOKEN}).`,
    );
    mkdirSync(join(home, '.kube'));
    writeFileSync(
      join(home, '.kube', 'config'),
      readFileSync(kubeconfig('at-home', 'https://home.example:6443')),
    );
    expect(load({ HOME: home }).getCurrentCluster()?.server).toBe('https://home.example:6443');
  });

  it('reads only the given file, and a missing one is an error naming it', () => {
    const given = kubeconfig('given', 'https://given.example:6443');
    expect(load({ KUBECONFIG: join(dir, 'first') }, given).getCurrentCluster()?.name).toBe('given');
    expect(() => load({}, join(dir, 'nope'))).toThrow(
      expect.objectContaining({ code: 'KUBECONFIG_INVALID', message: expect.stringContaining('nope') }),
    );
  });

  describe('in a pod (no kubeconfig file)', () => {
    const home = join(dir, 'pod-home');
    const service = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
    const podExists = (path: string) => path === IN_CLUSTER_TOKEN;
    const inPod = (env: Record<string, string | undefined>, tokenMounted: boolean) => {
      const config = new KubeConfig();
      const origin = loadKubeconfig(config, {
        env: { HOME: home, ...env },
        exists: tokenMounted ? podExists : () => false,
      });
      return { config, origin };
    };

    it('uses the ServiceAccount token and CA when the token is mounted and the Service variables are set', () => {
      vi.stubEnv('KUBERNETES_SERVICE_HOST', service.KUBERNETES_SERVICE_HOST);
      vi.stubEnv('KUBERNETES_SERVICE_PORT', service.KUBERNETES_SERVICE_PORT);
      try {
        const { config, origin } = inPod(service, true);
        expect(origin).toBe('in-cluster');
        expect(config.getCurrentCluster()).toMatchObject({
          server: 'https://10.96.0.1:443',
          caFile: IN_CLUSTER_CA,
        });
        expect(config.getCurrentUser()?.authProvider?.config?.tokenFile).toBe(IN_CLUSTER_TOKEN);
      } finally {
        vi.unstubAllEnvs();
      }
    });

    it('a mounted token without KUBERNETES_SERVICE_HOST/PORT is no cluster (as client-go): says which is missing', () => {
      expect(() => inPod({ KUBERNETES_SERVICE_HOST: '10.96.0.1' }, true)).toThrow(
        `No kubeconfig found; looked at ${join(home, '.kube', 'config')}, the in-cluster ServiceAccount (${IN_CLUSTER_TOKEN} exists, but KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not both set).`,
      );
    });

    it('the Service variables without a mounted token: says so, and how to mount it', () => {
      expect(() => inPod(service, false)).toThrow(
        expect.objectContaining({
          code: 'KUBECONFIG_NOT_FOUND',
          message: `No kubeconfig found; looked at ${join(home, '.kube', 'config')}, the in-cluster ServiceAccount (KUBERNETES_SERVICE_HOST is set, but ${IN_CLUSTER_TOKEN} does not exist).`,
          template: expect.objectContaining({
            hint: expect.stringContaining('automountServiceAccountToken: true'),
          }),
        }),
      );
    });

    it('a kubeconfig, when there is one, wins over the pod', () => {
      const file = kubeconfig('in-pod', 'https://given.example:6443');
      const config = new KubeConfig();
      const withFiles = (path: string) => podExists(path) || existsSync(path);
      expect(loadKubeconfig(config, { env: { ...service, KUBECONFIG: file }, exists: withFiles })).toBe(
        'kubeconfig',
      );
      expect(config.getCurrentCluster()?.server).toBe('https://given.example:6443');
    });
  });
});
