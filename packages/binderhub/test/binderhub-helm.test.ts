// The oracle: binderHubValues' two documents rendered together by the real Helm 4 on the real
// BinderHub chart (with its z2jh 4.2.0). The schema must accept them; the chart's
// binder-build-docker-config Secret must hold exactly the push login under the key BinderHub looks
// for, and that login must push to Debian's docker-registry; with --jupyterhub, the z2jh pull Secret
// must equal what `pull-secret create` writes and must pull. Public registries (Docker Hub, GHCR,
// Quay, GitLab, ACR, OVH) are played by a token-auth docker-registry under their host names, reached
// through an HTTPS proxy that routes those names to it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findHelm, helmTemplate } from '@pull-secret/helm';
import { verifyPullAccess, verifyPushAccess } from '@pull-secret/registry';
import { pullSecretManifest } from '@pull-secret/secret';
import {
  findDockerRegistry,
  type RoutingProxy,
  startRoutingProxy,
  startTestRegistry,
  type TestRegistry,
  type TestUser,
} from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { type BinderHubValuesInit, binderHubValues } from '../src/binderhub-values.js';
import type { RegistryKind } from '../src/registry-kinds.js';

const CHART = fileURLToPath(new URL('../../../../shared/fixtures/helm-charts/binderhub', import.meta.url));
const HELM = findHelm();
const READY = Boolean(HELM) && existsSync(`${CHART}/Chart.yaml`) && Boolean(findDockerRegistry());

it.runIf(Boolean(process.env.CI))('has helm, the BinderHub chart and docker-registry in CI', () => {
  expect({
    helm: Boolean(HELM),
    chart: existsSync(`${CHART}/Chart.yaml`),
    registry: Boolean(findDockerRegistry()),
  }).toEqual({ helm: true, chart: true, registry: true });
});

type K8sObject = {
  kind: string;
  type?: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};
type Auths = Record<string, { auth?: string; username?: string; password?: string; email?: string }>;

async function render(...documents: string[]) {
  // Two -f files are one merged values object to Helm; the second document's keys never clash with the first's.
  const merged = documents.map((text) => parse(text) as Record<string, unknown>);
  const values = merged.reduce((all, one) => deepMerge(all, one), {});
  const result = await helmTemplate(CHART, values, { namespace: 'binder' });
  const objects =
    result.exitCode === 0 ? parseAllDocuments(result.stdout).map((doc) => doc.toJS() as K8sObject) : [];
  return { ...result, objects };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] =
      existing && typeof existing === 'object' && value && typeof value === 'object'
        ? deepMerge(existing as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

const byName = (objects: K8sObject[], name: string) =>
  objects.find((object) => object.kind === 'Secret' && object.metadata.name === name);
const buildConfig = (objects: K8sObject[]) =>
  JSON.parse(
    Buffer.from(byName(objects, 'binder-build-docker-config')!.data!['config.json']!, 'base64').toString(
      'utf8',
    ),
  ) as {
    auths: Auths;
  };
const binderConfig = (objects: K8sObject[]) =>
  parse(byName(objects, 'binder-secret')!.stringData!['values.yaml']!) as {
    config: Record<string, Record<string, unknown>>;
  };
const z2jhPullSecrets = (objects: K8sObject[]) =>
  objects.filter((object) => object.type === 'kubernetes.io/dockerconfigjson');
const decodeDockerConfig = (secret: K8sObject) =>
  JSON.parse(Buffer.from(secret.data!['.dockerconfigjson']!, 'base64').toString('utf8')) as { auths: Auths };
const basic = (auth: string) => {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
};

const KEY =
  '{\n  "type": "service_account",\n  "project_id": "my-project",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nCANARY\\n-----END PRIVATE KEY-----\\n"\n}\n';

/** Every combination rendered here and proven against the registry, for the docs' closing count. */
const proven: string[] = [];

describe.skipIf(!READY)(
  'BinderHub values rendered by helm template (BinderHub chart, z2jh 4.2.0, Helm 4)',
  { tags: ['needs-helm', 'needs-docker-registry'] },
  () => {
    let htpasswd: TestRegistry;
    let token: TestRegistry;
    let proxy: RoutingProxy;
    const PUBLIC_HOSTS = [
      'registry-1.docker.io',
      'ghcr.io',
      'quay.io',
      'registry.gitlab.com',
      'myreg.azurecr.io',
      'abcde.gra7.container-registry.ovh.net',
    ];
    beforeAll(async () => {
      [htpasswd, token] = await Promise.all([
        startTestRegistry({ mode: 'htpasswd' }),
        startTestRegistry({ mode: 'token', tlsHosts: PUBLIC_HOSTS }),
      ]);
      proxy = await startRoutingProxy({
        ...Object.fromEntries(PUBLIC_HOSTS.map((host) => [`${host}:443`, token.host])),
        // The test issuer's realm is on loopback: the proxy passes it through as it is.
        [token.tokenIssuerHost!]: token.tokenIssuerHost!,
        [token.host]: token.host,
      });
    });
    afterAll(async () => {
      await Promise.all([proxy?.close(), htpasswd?.stop(), token?.stop()]);
    });

    interface ProvenCase {
      name: string;
      registry: () => TestRegistry;
      /** The registry as the login names it; default the test registry's own host. */
      key?: string;
      kind?: RegistryKind;
      push: (registry: TestRegistry) => TestUser;
      pull: (registry: TestRegistry) => TestUser;
      prefix: Pick<BinderHubValuesInit, 'imagePrefix' | 'project' | 'repository' | 'prefix'>;
      /** The config.json key BinderHub finds the login under. */
      url: (host: string) => string;
      dockerRegistry?: (host: string) => Record<string, string>;
    }

    const cases: ProvenCase[] = [
      {
        name: 'htpasswd registry',
        registry: () => htpasswd,
        push: (r) => r.pusher,
        pull: (r) => r.puller,
        prefix: { project: 'team', prefix: 'app-' },
        url: (host) => `https://${host}`,
      },
      {
        name: 'token-auth registry (WWW-Authenticate discovery, no token_url)',
        registry: () => token,
        push: (r) => r.pushOnly,
        pull: (r) => r.puller,
        prefix: { project: 'team', prefix: 'app-' },
        url: (host) => `https://${host}`,
      },
      {
        name: 'Harbor (token_url, push robot and read-only robot)',
        registry: () => token,
        kind: 'harbor',
        push: (r) => r.pushOnly,
        pull: (r) => r.puller,
        prefix: { project: 'team', prefix: 'app-' },
        url: (host) => `https://${host}`,
        dockerRegistry: (host) => ({
          url: `https://${host}`,
          token_url: `https://${host}/service/token?service=harbor-registry`,
        }),
      },
      {
        name: 'OVH (Harbor)',
        registry: () => token,
        key: 'abcde.gra7.container-registry.ovh.net',
        push: (r) => r.pushOnly,
        pull: (r) => r.puller,
        prefix: { project: 'team', prefix: 'app-' },
        url: (host) => `https://${host}`,
        dockerRegistry: (host) => ({
          url: `https://${host}`,
          token_url: `https://${host}/service/token?service=harbor-registry`,
        }),
      },
      {
        name: 'Docker Hub',
        registry: () => token,
        key: 'https://index.docker.io/v1/',
        push: (r) => r.pushOnly,
        pull: (r) => r.puller,
        prefix: { imagePrefix: 'team/app-' },
        url: () => 'https://index.docker.io/v1/',
      },
      {
        name: 'ACR',
        registry: () => token,
        key: 'myreg.azurecr.io',
        push: (r) => r.pushOnly,
        pull: (r) => r.puller,
        prefix: { project: 'team', prefix: 'app-' },
        url: (host) => `https://${host}`,
      },
      {
        name: 'GHCR',
        registry: () => token,
        key: 'ghcr.io',
        push: (r) => r.pushOnly,
        pull: (r) => r.puller,
        prefix: { project: 'team', prefix: 'app-' },
        url: (host) => `https://${host}`,
      },
      {
        name: 'Quay',
        registry: () => token,
        key: 'quay.io',
        push: (r) => r.pushOnly,
        pull: (r) => r.puller,
        prefix: { project: 'team', prefix: 'app-' },
        url: (host) => `https://${host}`,
        dockerRegistry: (host) => ({
          url: `https://${host}`,
          token_url: `https://${host}/v2/auth?service=${host}`,
        }),
      },
      {
        name: 'GitLab',
        registry: () => token,
        key: 'registry.gitlab.com',
        push: (r) => r.pushOnly,
        pull: (r) => r.puller,
        prefix: { project: 'team/app', prefix: 'binder-' },
        url: (host) => `https://${host}`,
      },
    ];

    for (const testCase of cases) {
      for (const jupyterhub of [false, true]) {
        it(`${testCase.name}${jupyterhub ? ' --jupyterhub' : ''}: the chart accepts the values, config.json holds the push login, which pushes${jupyterhub ? "; the user pods' Secret equals create's and pulls" : ''}`, async () => {
          const registry = testCase.registry();
          const key = testCase.key ?? registry.host;
          const host = key === 'https://index.docker.io/v1/' ? 'index.docker.io' : key;
          const push = { registry: key, ...testCase.push(registry) };
          const pull = { registry: key, ...testCase.pull(registry) };
          const result = binderHubValues({
            push,
            kind: testCase.kind,
            ...testCase.prefix,
            ...(jupyterhub ? { pull } : {}),
          });
          const rendered = await render(result.secret.yaml, result.config.yaml);
          expect(rendered.stderr).toBe('');
          expect(rendered.exitCode).toBe(0);

          // The build pods' login: one entry, under the key BinderHub and Docker look up, exactly the push login.
          const { auths } = buildConfig(rendered.objects);
          expect(Object.keys(auths)).toEqual([testCase.url(host)]);
          const login = basic(auths[testCase.url(host)]!.auth!);
          expect(login).toEqual({ username: push.username, password: push.password });
          // BinderHub itself reads config from the binder-secret: the config document arrives as written.
          const config = binderConfig(rendered.objects).config;
          expect(config.BinderHub).toMatchObject({ use_registry: true, image_prefix: result.imagePrefix });
          expect(config.DockerRegistry).toEqual(testCase.dockerRegistry?.(host));

          const env = key === registry.host ? {} : { HTTPS_PROXY: proxy.url };
          const pushed = await verifyPushAccess(
            `${result.imagePrefix}pull-secret-verify`,
            { registry: testCase.url(host), ...login },
            { ca: registry.caPem!, env },
          );
          expect(pushed, pushed.message).toMatchObject({ ok: true });
          if (key !== registry.host) {
            // Reached under the public name, as the build pods would.
            expect(proxy.tunnels).toContain(
              `${host === 'index.docker.io' ? 'registry-1.docker.io' : host}:443`,
            );
          }

          const z2jh = z2jhPullSecrets(rendered.objects);
          if (!jupyterhub) {
            expect(z2jh).toEqual([]);
            proven.push(`${testCase.name}: push`);
            return;
          }
          expect(z2jh).toHaveLength(1);
          const fromChart = decodeDockerConfig(z2jh[0]!);
          const fromCreate = decodeDockerConfig(
            pullSecretManifest({ name: 'regcred', credentials: [pull] }) as unknown as K8sObject,
          );
          expect(fromChart.auths).toEqual(fromCreate.auths);
          const pulled = await verifyPullAccess({
            registry: key,
            username: fromChart.auths[key]!.username!,
            password: fromChart.auths[key]!.password!,
            repository: 'team/app:v1',
            ca: registry.caPem!,
            env,
          });
          expect(pulled, pulled.message).toMatchObject({ ok: true });
          proven.push(`${testCase.name}: push + user pods' pull`);
        });
      }
    }

    // Registries no local server can play (the login is a Google key, or ECR's comes from the helper):
    // rendered by Helm and checked byte for byte, not pushed to.
    it('GCR: _json_key explicit, the multi-line key reaches config.json byte for byte', async () => {
      for (const registry of ['gcr.io', 'eu.gcr.io']) {
        const result = binderHubValues({
          push: { registry, username: '_json_key', password: KEY },
          project: 'my-project',
        });
        const rendered = await render(result.secret.yaml, result.config.yaml);
        expect(rendered.exitCode, rendered.stderr).toBe(0);
        const { auths } = buildConfig(rendered.objects);
        expect(Object.keys(auths)).toEqual([`https://${registry}`]);
        expect(basic(auths[`https://${registry}`]!.auth!)).toEqual({ username: '_json_key', password: KEY });
      }
    });

    it('why the username is always written: for a regional GCR host the chart\'s default is "<token>"', async () => {
      const rendered = await render(`registry:\n  url: https://eu.gcr.io\n  password: x\n`);
      expect(basic(buildConfig(rendered.objects).auths['https://eu.gcr.io']!.auth!).username).toBe('<token>');
    });

    it('Artifact Registry: key push, and on GKE the GoogleArtifactRegistry class with the metadata token URL', async () => {
      const push = { registry: 'europe-west1-docker.pkg.dev', username: '_json_key', password: KEY };
      for (const gkeMetadata of [false, true]) {
        const result = binderHubValues({ push, project: 'my-project', repository: 'binder', gkeMetadata });
        const rendered = await render(result.secret.yaml, result.config.yaml);
        expect(rendered.exitCode, rendered.stderr).toBe(0);
        expect(
          basic(buildConfig(rendered.objects).auths['https://europe-west1-docker.pkg.dev']!.auth!).password,
        ).toBe(KEY);
        const config = binderConfig(rendered.objects).config;
        expect(config.BinderHub!.registry_class).toBe(
          gkeMetadata ? 'binderhub.registry.GoogleArtifactRegistry' : undefined,
        );
        expect(config.DockerRegistry?.token_url).toBe(
          gkeMetadata
            ? 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token'
            : 'https://europe-west1-docker.pkg.dev/v2/token?service=europe-west1-docker.pkg.dev',
        );
      }
    });

    it('ECR: the chart takes the ExternalRegistryHelper class and its URL; no 12-hour token is rendered', async () => {
      const result = binderHubValues({
        push: {
          registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
          username: 'AWS',
          password: 'CANARY-ecr',
        },
        project: 'binder',
      });
      const rendered = await render(result.secret.yaml, result.config.yaml);
      expect(rendered.exitCode, rendered.stderr).toBe(0);
      expect(rendered.stdout).not.toContain('CANARY-ecr');
      expect(binderConfig(rendered.objects).config).toMatchObject({
        BinderHub: { registry_class: 'binderhub.registry.ExternalRegistryHelper' },
        ExternalRegistryHelper: { service_url: 'http://binderhub-container-registry-helper:8080' },
      });
    });

    it('the schema refuses a key the chart does not know (the oracle can fail)', async () => {
      const rendered = await render(
        'registry:\n  url: https://r.example\n  username: u\n  password: p\n  token_url: x\n',
      );
      expect(rendered.exitCode).not.toBe(0);
      expect(rendered.stderr).toContain('token_url');
    });

    afterAll(() => {
      // The count the docs close with.
      console.log(
        `binderhub-helm: ${proven.length} provider × mode combinations rendered and proven:\n  ${proven.join('\n  ')}`,
      );
    });
  },
);
