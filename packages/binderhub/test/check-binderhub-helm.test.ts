// The oracle for `checkBinderHubValues`: the same trap files rendered by the real Helm 4 on the real
// BinderHub chart show the failure check predicts (the `<token>` username in the build pods'
// config.json, the key docker never looks up, the schema refusing removed keys, the "None" and null
// that reach BinderHub as written).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findHelm, helmTemplate } from '@pull-secret/helm';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { checkBinderHubValues } from '../src/check-binderhub-values.js';

const CHART = fileURLToPath(new URL('../../../../shared/fixtures/helm-charts/binderhub', import.meta.url));
const HELM = findHelm();
const READY = Boolean(HELM) && existsSync(`${CHART}/Chart.yaml`);

it.runIf(Boolean(process.env.CI))('has helm and the BinderHub chart in CI', () => {
  expect({ helm: Boolean(HELM), chart: existsSync(`${CHART}/Chart.yaml`) }).toEqual({
    helm: true,
    chart: true,
  });
});

type Secret = {
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

const trap = (name: string) => readFileSync(new URL(`./traps/${name}`, import.meta.url), 'utf8');

async function render(text: string) {
  const result = await helmTemplate(CHART, text, { args: ['--show-only', 'templates/secret.yaml'] });
  const secrets =
    result.exitCode === 0
      ? parseAllDocuments(result.stdout)
          .map((doc) => doc.toJS() as Secret | null)
          .filter((doc): doc is Secret => doc !== null)
      : [];
  const build = secrets.find((secret) => secret.metadata.name === 'binder-build-docker-config');
  const binder = secrets.find((secret) => secret.metadata.name === 'binder-secret');
  const configJson = build
    ? (JSON.parse(Buffer.from(build.data!['config.json']!, 'base64').toString('utf8')) as {
        auths: Record<string, { auth: string }>;
      })
    : undefined;
  /** What the binder pod reads as its traitlets config. */
  const binderConfig = binder
    ? (parse(binder.stringData!['values.yaml']!) as { config: Record<string, Record<string, unknown>> })
        .config
    : undefined;
  return { ...result, configJson, binderConfig };
}

const login = (auth: string) => {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  return { username: text.slice(0, text.indexOf(':')), password: text.slice(text.indexOf(':') + 1) };
};
const pathsOf = (name: string) => checkBinderHubValues([{ name, text: trap(name) }]).map((f) => f.path);

describe.skipIf(!READY)(
  'check on BinderHub values rendered by helm template (Helm 4)',
  { tags: ['needs-helm'] },
  () => {
    it('values check finds nothing in render as they say: the login under registry.url', async () => {
      const text = `${trap('good-secret.yaml')}${trap('good-config.yaml')}`;
      expect(checkBinderHubValues([{ name: 'values.yaml', text }])).toEqual([]);
      const rendered = await render(text);
      expect(rendered.exitCode, rendered.stderr).toBe(0);
      const entry = rendered.configJson!.auths['https://harbor.example.com']!;
      expect(login(entry.auth)).toEqual({ username: 'robot$binder+push', password: 'CANARY-good-password' });
    });

    for (const name of ['username-token.yaml', 'gcr-regional-username.yaml']) {
      it(`${name}: check predicts the username <token>, and the chart writes it`, async () => {
        expect(pathsOf(name)).toEqual(['registry.username']);
        const rendered = await render(trap(name));
        expect(rendered.exitCode, rendered.stderr).toBe(0);
        const [entry] = Object.values(rendered.configJson!.auths);
        expect(login(entry!.auth).username).toBe('<token>');
      });
    }

    it('a password for exactly https://gcr.io without username: _json_key, nothing to report', async () => {
      const text = trap('gcr-regional-username.yaml').replaceAll('eu.gcr.io', 'gcr.io');
      expect(checkBinderHubValues([{ name: 'values.yaml', text }])).toEqual([]);
      const rendered = await render(text);
      expect(login(rendered.configJson!.auths['https://gcr.io']!.auth).username).toBe('_json_key');
    });

    it('no-credential.yaml: check predicts a login no registry takes, and the chart writes one under Docker Hub', async () => {
      expect(pathsOf('no-credential.yaml')).toContain('registry.password');
      const rendered = await render(trap('no-credential.yaml'));
      expect(rendered.exitCode, rendered.stderr).toBe(0);
      expect(Object.keys(rendered.configJson!.auths)).toEqual(['https://index.docker.io/v1/']);
      expect(login(rendered.configJson!.auths['https://index.docker.io/v1/']!.auth)).toEqual({
        username: '<token>',
        // Go's %s of a missing value: the password the build pods would send.
        password: '%!s(<nil>)',
      });
    });

    it('dockerhub-url.yaml: the login lands under a key docker never looks up for Docker Hub', async () => {
      expect(pathsOf('dockerhub-url.yaml')).toEqual(['registry.url']);
      const rendered = await render(trap('dockerhub-url.yaml'));
      expect(Object.keys(rendered.configJson!.auths)).toEqual(['https://index.docker.io/v1']);
    });

    it('removed-keys.yaml: check names each key, and the schema refuses each', async () => {
      const paths = pathsOf('removed-keys.yaml');
      const rendered = await render(trap('removed-keys.yaml'));
      expect(rendered.exitCode).not.toBe(0);
      const refused = /additional properties (.*) not allowed/.exec(rendered.stderr)?.[1] ?? '';
      expect(
        refused
          .split(', ')
          .map((key) => `registry.${key.replaceAll("'", '')}`)
          .sort(),
      ).toEqual([...paths].sort());
    });

    it('token-url-none.yaml and token-url-null.yaml: the chart hands BinderHub "None" and null as written', async () => {
      expect(pathsOf('token-url-none.yaml')).toEqual(['config.DockerRegistry.token_url']);
      expect(pathsOf('token-url-null.yaml')).toEqual(['config.DockerRegistry.token_url']);
      const none = await render(trap('token-url-none.yaml'));
      expect(none.binderConfig!.DockerRegistry).toEqual({ token_url: 'None' });
      const nulled = await render(trap('token-url-null.yaml'));
      expect(nulled.exitCode, nulled.stderr).toBe(0);
      expect(nulled.binderConfig!.DockerRegistry).toEqual({ token_url: null });
    });

    it('acr-token-url-service.yaml: the chart passes the token_url with its service= to BinderHub unchanged', async () => {
      const rendered = await render(trap('acr-token-url-service.yaml'));
      expect(rendered.binderConfig!.DockerRegistry!.token_url).toBe(
        'https://binder.azurecr.io/oauth2/token?service=binder.azurecr.io',
      );
    });
  },
);
