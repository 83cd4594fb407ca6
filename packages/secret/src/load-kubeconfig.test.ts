import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { IN_CLUSTER_TOKEN, loadKubeconfig } from './load-kubeconfig.js';

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
});
