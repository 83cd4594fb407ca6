import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { binderHubValues, onePushLogin } from './binderhub-values.js';

const CANARY = 'CANARY-push: "x" #y';
const KEY =
  '{\n  "type": "service_account",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nCANARY\\n"\n}\n';
const login = (registry: string, username = 'robot', password = CANARY) => ({ registry, username, password });

describe('binderHubValues', () => {
  it('GCR: _json_key always written, the key as a block scalar, prefix with the project', () => {
    const { secret, config, kind } = binderHubValues({
      push: login('eu.gcr.io', '_json_key', KEY),
      project: 'my-project',
    });
    expect(kind).toBe('gcr');
    expect(secret.values).toEqual({
      registry: { url: 'https://eu.gcr.io', username: '_json_key', password: KEY },
    });
    expect(secret.yaml).toMatch(/password: \|/);
    expect(parse(secret.yaml)).toEqual(secret.values);
    expect(config.values).toEqual({
      config: { BinderHub: { use_registry: true, image_prefix: 'eu.gcr.io/my-project/binder-' } },
    });
  });

  it('Artifact Registry: project and repository levels; on GKE the metadata token and its registry_class', () => {
    const push = login('europe-west1-docker.pkg.dev', '_json_key', KEY);
    const plain = binderHubValues({ push, project: 'p', repository: 'r', prefix: 'b-' });
    expect(plain.imagePrefix).toBe('europe-west1-docker.pkg.dev/p/r/b-');
    // BinderHub's gcr.io token default, on this host: the registry's challenge names no service.
    expect(plain.config.values).toEqual({
      config: {
        BinderHub: { use_registry: true, image_prefix: plain.imagePrefix },
        DockerRegistry: {
          url: 'https://europe-west1-docker.pkg.dev',
          token_url: 'https://europe-west1-docker.pkg.dev/v2/token?service=europe-west1-docker.pkg.dev',
        },
      },
    });
    const gke = binderHubValues({ push, imagePrefix: plain.imagePrefix, gkeMetadata: true });
    expect(gke.config.values).toEqual({
      config: {
        BinderHub: {
          use_registry: true,
          image_prefix: plain.imagePrefix,
          registry_class: 'binderhub.registry.GoogleArtifactRegistry',
        },
        DockerRegistry: {
          url: 'https://europe-west1-docker.pkg.dev',
          token_url:
            'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token',
        },
      },
    });
  });

  it("Docker Hub: the key with its trailing slash, a prefix without host, BinderHub's namespace rule", () => {
    const { secret, imagePrefix } = binderHubValues({
      push: login('docker.io', 'octo'),
      imagePrefix: 'octoorg/binder-',
    });
    expect(secret.values.registry).toEqual({
      url: 'https://index.docker.io/v1/',
      username: 'octo',
      password: CANARY,
    });
    expect(imagePrefix).toBe('octoorg/binder-');
    const withUserPods = binderHubValues({ push: login('docker.io', 'octo'), imagePrefix, jupyterhub: true });
    expect(withUserPods.secret.values.jupyterhub).toMatchObject({
      imagePullSecret: { registry: 'https://index.docker.io/v1/' },
    });
    for (const bad of ['abc/binder-', 'my-org/binder-', 'docker.io/octoorg/binder-', 'octoorg/x/binder-']) {
      expect(
        () => binderHubValues({ push: login('https://index.docker.io/v1/'), imagePrefix: bad }),
        bad,
      ).toThrow(InvalidInputError);
    }
  });

  it('ACR: the login server as URL, no token_url, and why', () => {
    const result = binderHubValues({ push: login('myreg.azurecr.io', 'app-id'), project: 'binder' });
    expect(result.secret.values.registry).toMatchObject({ url: 'https://myreg.azurecr.io' });
    expect(result.config.values).toEqual({
      config: { BinderHub: { use_registry: true, image_prefix: 'myreg.azurecr.io/binder/binder-' } },
    });
    expect(result.notes.join(' ')).toContain('binderhub#1620');
  });

  it("Harbor and OVH: project level and Harbor's token service, at the top level of config", () => {
    for (const [registry, kind] of [
      ['harbor.example.com', 'harbor'],
      ['abc.gra7.container-registry.ovh.net', undefined],
    ] as const) {
      const { config } = binderHubValues({ push: login(registry, 'robot$p+b'), kind, project: 'proj' });
      expect(config.values).toEqual({
        config: {
          BinderHub: { use_registry: true, image_prefix: `${registry}/proj/binder-` },
          DockerRegistry: {
            url: `https://${registry}`,
            token_url: `https://${registry}/service/token?service=harbor-registry`,
          },
        },
      });
    }
  });

  it('Quay, GitLab, GHCR and a plain registry: their prefix depths', () => {
    expect(binderHubValues({ push: login('quay.io'), project: 'org' }).imagePrefix).toBe(
      'quay.io/org/binder-',
    );
    expect(binderHubValues({ push: login('registry.gitlab.com'), project: 'g/p' }).imagePrefix).toBe(
      'registry.gitlab.com/g/p/binder-',
    );
    expect(binderHubValues({ push: login('ghcr.io'), project: 'octo' }).imagePrefix).toBe(
      'ghcr.io/octo/binder-',
    );
    const plain = binderHubValues({ push: login('registry.example.com:5000'), prefix: 'binder-' });
    expect(plain.imagePrefix).toBe('registry.example.com:5000/binder-');
    expect(plain.config.values).toEqual({
      config: { BinderHub: { use_registry: true, image_prefix: plain.imagePrefix } },
    });
    expect(() => binderHubValues({ push: login('registry.gitlab.com'), project: 'g' })).toThrow(
      /has 2 levels after the host, but GitLab container registry needs at least 3/,
    );
    expect(() => binderHubValues({ push: login('quay.io'), imagePrefix: 'quay.io/a/b/c-' })).toThrow(
      /needs 2\./,
    );
  });

  it('ECR: ExternalRegistryHelper, no stale token in the values, and the IAM policy on the prefix', () => {
    const result = binderHubValues({
      push: { ...login('123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'AWS'), expiresAt: new Date(0) },
      project: 'binder',
    });
    expect(result.secret.values.registry).toEqual({
      url: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      username: 'AWS',
      password: '',
    });
    expect(result.secret.yaml).not.toContain(CANARY);
    expect(result.config.values).toMatchObject({
      config: {
        BinderHub: { registry_class: 'binderhub.registry.ExternalRegistryHelper' },
        ExternalRegistryHelper: { service_url: 'http://binderhub-container-registry-helper:8080' },
      },
    });
    const policy = JSON.parse(result.iamPolicy!);
    expect(policy.Statement[1].Resource).toBe(
      'arn:aws:ecr:eu-west-1:123456789012:repository/binder/binder-*',
    );
    expect(() =>
      binderHubValues({
        push: login('123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'AWS'),
        project: 'b',
        jupyterhub: true,
      }),
    ).toThrow(/12-hour login/);
  });

  it('--jupyterhub: a pull login that may differ from the push one, nested for z2jh', () => {
    const { secret } = binderHubValues({
      push: login('harbor.example.com', 'robot$push'),
      kind: 'harbor',
      project: 'p',
      pull: login('harbor.example.com', 'robot$pull', 'CANARY-pull'),
    });
    expect(secret.values.jupyterhub).toEqual({
      imagePullSecret: {
        create: true,
        registry: 'harbor.example.com',
        username: 'robot$pull',
        password: 'CANARY-pull',
      },
    });
    expect(() => binderHubValues({ push: login('ghcr.io'), project: 'o', pull: login('quay.io') })).toThrow(
      /user pods pull the built images from ghcr.io/,
    );
  });

  it('bad input: one sentence naming the option as a placeholder, no secret', () => {
    const cases: [Parameters<typeof binderHubValues>[0], string][] = [
      [{ push: login('ghcr.io') }, 'BINDERHUB_NO_PREFIX'],
      [{ push: login('ghcr.io'), imagePrefix: 'ghcr.io/o/b-', project: 'o' }, 'BINDERHUB_PREFIX_TWICE'],
      [{ push: login('ghcr.io'), imagePrefix: 'quay.io/o/b-' }, 'BINDERHUB_PREFIX_OTHER_REGISTRY'],
      [{ push: login('ghcr.io'), imagePrefix: 'ghcr.io/b-' }, 'BINDERHUB_PREFIX_DEPTH'],
      [{ push: login('ghcr.io'), imagePrefix: 'ghcr.io/Org/b-' }, 'BINDERHUB_PREFIX_INVALID'],
      [{ push: { ...login('ghcr.io'), expiresAt: new Date(0) }, project: 'o' }, 'BINDERHUB_LOGIN_EXPIRES'],
      [{ push: login('ghcr.io', 'u', 'CANARY\u0001'), project: 'o' }, 'BINDERHUB_CONTROL_CHARACTER'],
      [{ push: login('ghcr.io'), kind: 'nope' as 'ghcr', project: 'o' }, 'BINDERHUB_KIND_UNKNOWN'],
      [{ push: login('gcr.io', 'oauth2accesstoken'), project: 'p' }, 'BINDERHUB_GOOGLE_KEY'],
    ];
    for (const [init, code] of cases) {
      let error: unknown;
      try {
        binderHubValues(init);
      } catch (caught) {
        error = caught;
      }
      expect(error, code).toBeInstanceOf(InvalidInputError);
      const { message, template } = error as InvalidInputError;
      expect((error as InvalidInputError).code).toBe(code);
      expect(message).toMatch(/^[^\n]+\.$/);
      expect(message).not.toContain('CANARY');
      expect(template.hint).toBeTruthy();
      expect(`${template.message} ${template.hint}`).not.toMatch(/--[a-z]/);
    }
  });
});

describe('onePushLogin', () => {
  const login = { registry: 'harbor.example.com', username: 'robot', password: 'CANARY-one-push' };
  it('takes the one login, and refuses none or several without showing a password', () => {
    expect(onePushLogin([login])).toBe(login);
    for (const credentials of [[], [login, { ...login, registry: 'quay.io' }]]) {
      const error = (() => {
        try {
          onePushLogin(credentials);
        } catch (caught) {
          return caught as InvalidInputError;
        }
      })();
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error!.message).toBe(`BinderHub pushes to one registry; ${credentials.length} were given.`);
      expect(`${error!.message} ${error!.hint}`).not.toContain('CANARY');
    }
  });
});
