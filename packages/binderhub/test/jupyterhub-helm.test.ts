// The oracle: the generated values rendered by the real Helm 4 on the real z2jh 4.4.0 chart. The
// schema must accept them, the rendered pull Secret must decode to what `pull-secret create` writes
// and must pull from Debian's docker-registry; and the `global.*` trap `check` reports must render,
// as `check` predicts, without any pull Secret.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findHelm, helmTemplate } from '@pull-secret/helm';
import { verifyPullAccess } from '@pull-secret/registry';
import { pullSecretManifest } from '@pull-secret/secret';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkJupyterHubValues } from '../src/check-jupyterhub-values.js';
import { jupyterHubValues } from '../src/jupyterhub-values.js';

const CHART = fileURLToPath(new URL('../../../../shared/fixtures/helm-charts/jupyterhub', import.meta.url));
const BINDERHUB_CHART = fileURLToPath(
  new URL('../../../../shared/fixtures/helm-charts/binderhub', import.meta.url),
);
const HELM = findHelm();
const READY = Boolean(HELM) && existsSync(`${CHART}/Chart.yaml`) && Boolean(findDockerRegistry());

// In CI every part is there: a missing one is a broken set-up, not a reason to skip.
it.runIf(Boolean(process.env.CI))('has helm, the z2jh chart and docker-registry in CI', () => {
  expect({
    helm: Boolean(HELM),
    chart: existsSync(`${CHART}/Chart.yaml`),
    registry: Boolean(findDockerRegistry()),
  }).toEqual({
    helm: true,
    chart: true,
    registry: true,
  });
});

type K8sObject = {
  kind: string;
  type?: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template?: { spec?: { imagePullSecrets?: { name: string }[] } } };
};

async function render(values: string, chart = CHART) {
  const result = await helmTemplate(chart, values, { namespace: 'hub' });
  const objects =
    result.exitCode === 0 ? parseAllDocuments(result.stdout).map((doc) => doc.toJS() as K8sObject) : [];
  return { ...result, objects };
}

const pullSecrets = (objects: K8sObject[]) =>
  objects.filter((object) => object.type === 'kubernetes.io/dockerconfigjson');
const decode = (secret: K8sObject) =>
  JSON.parse(Buffer.from(secret.data!['.dockerconfigjson']!, 'base64').toString('utf8')) as {
    auths: Record<string, { username: string; password: string; auth: string; email?: string }>;
  };
const hubPullSecrets = (objects: K8sObject[]) =>
  objects
    .find((object) => object.kind === 'Deployment' && object.metadata.name === 'hub')
    ?.spec?.template?.spec?.imagePullSecrets?.map((ref) => ref.name) ?? [];

describe.skipIf(!READY)(
  'z2jh values rendered by helm template (z2jh 4.4.0, Helm 4)',
  { tags: ['needs-helm', 'needs-docker-registry'] },
  () => {
    let htpasswd: TestRegistry;
    let token: TestRegistry;
    beforeAll(async () => {
      [htpasswd, token] = await Promise.all([
        startTestRegistry({ mode: 'htpasswd' }),
        startTestRegistry({ mode: 'token' }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([htpasswd?.stop(), token?.stop()]);
    });

    for (const mode of ['htpasswd', 'token'] as const) {
      it(`${mode}: the chart accepts the values; its Secret equals create's and pulls`, async () => {
        const registry = mode === 'htpasswd' ? htpasswd : token;
        const credential = { registry: registry.host, ...registry.puller, email: 'ops@example.com' };
        const { yaml } = jupyterHubValues(credential, { existingSecrets: ['regcred'] });
        const rendered = await render(yaml);
        expect(rendered.stderr).toBe('');
        expect(rendered.exitCode).toBe(0);
        const [secret, ...others] = pullSecrets(rendered.objects);
        expect(others).toEqual([]);
        const fromChart = decode(secret!);
        const fromCreate = decode(
          pullSecretManifest({ name: 'regcred', credentials: [credential] }) as unknown as K8sObject,
        );
        expect(Object.keys(fromChart.auths)).toEqual([registry.host]);
        expect(fromChart.auths[registry.host]).toEqual(fromCreate.auths[registry.host]);
        // The hub (and the user pods, through the same helper) name both Secrets.
        expect(hubPullSecrets(rendered.objects)).toEqual(['regcred', secret!.metadata.name]);
        const login = fromChart.auths[registry.host]!;
        const pull = await verifyPullAccess({
          registry: registry.host,
          username: login.username,
          password: login.password,
          repository: 'team/app:v1',
          ca: registry.caPem!,
          env: {},
        });
        expect(pull).toMatchObject({ ok: true, scheme: mode === 'htpasswd' ? 'basic' : 'bearer' });
      });
    }

    it('a multi-line password (a JSON key) reaches the Secret byte for byte', async () => {
      const password =
        '{\n  "type": "service_account",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nCANARY\\n"\n}\n';
      const rendered = await render(
        jupyterHubValues({ registry: 'gcr.io', username: '_json_key', password }).yaml,
      );
      expect(rendered.exitCode).toBe(0);
      expect(decode(pullSecrets(rendered.objects)[0]!).auths['gcr.io']?.password).toBe(password);
    });

    it('why a control character is refused: the chart renders it as a .dockerconfigjson that does not parse', async () => {
      const rendered = await render(
        'imagePullSecret:\n  create: true\n  registry: r.example\n  username: u\n  password: "a\\x01b"\n',
      );
      expect(rendered.exitCode).toBe(0);
      expect(() => decode(pullSecrets(rendered.objects)[0]!)).toThrow(SyntaxError);
    });

    it('the schema refuses a key the chart does not know (the oracle can fail)', async () => {
      const rendered = await render(
        'imagePullSecret:\n  create: true\n  registry: r.example\n  username: u\n  password: p\n  token: x\n',
      );
      expect(rendered.exitCode).not.toBe(0);
      expect(rendered.stderr).toContain('token');
    });

    for (const [trap, values] of [
      [
        'credentials under global.imagePullSecrets',
        'global:\n  imagePullSecrets:\n    - registry: r.example\n      username: u\n      password: p\n',
      ],
      ['names under global.imagePullSecrets', 'global:\n  imagePullSecrets: [regcred]\n'],
      ['names under global.existingImagePullSecrets', 'global:\n  existingImagePullSecrets: [regcred]\n'],
      [
        'imagePullSecret without create',
        'imagePullSecret:\n  registry: r.example\n  username: u\n  password: p\n',
      ],
    ] as const) {
      it(`${trap}: check reports it, and helm renders no pull Secret for the hub`, async () => {
        expect(checkJupyterHubValues([{ name: 'values.yaml', text: values }])).toHaveLength(1);
        const rendered = await render(values);
        // The schema lets it through: nothing but check says anything.
        expect(rendered.exitCode).toBe(0);
        expect(pullSecrets(rendered.objects)).toEqual([]);
        expect(hubPullSecrets(rendered.objects)).toEqual([]);
      });
    }

    it('--binderhub: the BinderHub chart passes the nested values to its z2jh (4.2.0), which renders the Secret', async () => {
      const credential = { registry: htpasswd.host, ...htpasswd.puller };
      const { yaml } = jupyterHubValues(credential, { existingSecrets: ['regcred'], forBinderHub: true });
      const rendered = await render(yaml, BINDERHUB_CHART);
      expect(rendered.exitCode, rendered.stderr).toBe(0);
      const [secret, ...others] = pullSecrets(rendered.objects);
      expect(others).toEqual([]);
      expect(decode(secret!).auths).toEqual(
        decode(pullSecretManifest({ name: 'regcred', credentials: [credential] }) as unknown as K8sObject)
          .auths,
      );
      expect(hubPullSecrets(rendered.objects)).toEqual(['regcred', secret!.metadata.name]);
      // Without the nesting, BinderHub's schema refuses the keys: the nesting is what makes them count.
      const flat = await render(jupyterHubValues(credential).yaml, BINDERHUB_CHART);
      expect(flat.exitCode).not.toBe(0);
    });

    it('jupyterhub.global.imagePullSecrets in BinderHub values: check reports it, and no pull Secret is rendered', async () => {
      const values = 'jupyterhub:\n  global:\n    imagePullSecrets: [regcred]\n';
      expect(checkJupyterHubValues([{ name: 'values.yaml', text: values }]).map((f) => f.path)).toEqual([
        'jupyterhub.global.imagePullSecrets',
      ]);
      const rendered = await render(values, BINDERHUB_CHART);
      expect(rendered.exitCode, rendered.stderr).toBe(0);
      expect(pullSecrets(rendered.objects)).toEqual([]);
      expect(hubPullSecrets(rendered.objects)).toEqual([]);
    });
  },
);
