import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBinderHubValues } from './check-binderhub-values.js';

const trap = (name: string) => ({
  name,
  text: readFileSync(new URL(`../test/traps/${name}`, import.meta.url), 'utf8'),
});
const paths = (...names: string[]) => checkBinderHubValues(names.map(trap)).map((finding) => finding.path);

describe('checkBinderHubValues', () => {
  it('finds nothing in secret.yaml and config.yaml done right, merged as helm -f merges them', () => {
    expect(checkBinderHubValues([trap('good-secret.yaml'), trap('good-config.yaml')])).toEqual([]);
  });

  // One values file per trap, in test/traps; the Helm renderings of the same files are in test/.
  it.each([
    ['username-token.yaml', ['registry.username']],
    ['gcr-regional-username.yaml', ['registry.username']],
    ['acr-token-url-service.yaml', ['config.DockerRegistry.token_url']],
    ['dockerhub-url.yaml', ['registry.url']],
    ['gcr-key-placeholder.yaml', ['registry.password']],
    ['gcr-key-broken.yaml', ['registry.password']],
    ['token-url-none.yaml', ['config.DockerRegistry.token_url']],
    ['token-url-null.yaml', ['config.DockerRegistry.token_url']],
    [
      'removed-keys.yaml',
      [
        'registry.enabled',
        'registry.host',
        'registry.authHost',
        'registry.tokenUrl',
        'registry.prefix',
        'registry.auth',
      ],
    ],
    ['no-credential.yaml', ['registry.password', 'config.BinderHub.image_prefix']],
    ['prefix-depth-harbor.yaml', ['config.BinderHub.image_prefix']],
    ['prefix-depth-gar.yaml', ['config.BinderHub.image_prefix']],
    ['prefix-depth-dockerhub.yaml', ['config.BinderHub.image_prefix']],
    ['jupyterhub-global.yaml', ['jupyterhub.global.imagePullSecrets']],
  ])('%s: reports %j, one line each, no password', (name, expected) => {
    const findings = checkBinderHubValues([trap(name)]);
    expect(findings.map((finding) => finding.path)).toEqual(expected);
    for (const finding of findings) {
      expect(finding.file).toBe(name);
      expect(finding.message).not.toContain('\n');
      expect(finding.message).toMatch(/: [^:]+\.$|: .+\.$/);
    }
    expect(JSON.stringify(findings)).not.toContain('CANARY');
  });

  it('words the traps with their fixes', () => {
    const message = (name: string) => checkBinderHubValues([trap(name)])[0]?.message;
    expect(message('username-token.yaml')).toBe(
      'registry.username is not set, so the chart writes the username "<token>" (it defaults to _json_key only when registry.url is exactly https://gcr.io), which the registry refuses: set registry.username to the registry\'s login.',
    );
    expect(message('gcr-regional-username.yaml')).toContain('set registry.username: _json_key.');
    expect(message('acr-token-url-service.yaml')).toContain('binderhub#1620');
    expect(message('dockerhub-url.yaml')).toContain('set registry.url: https://index.docker.io/v1/');
    expect(message('gcr-key-placeholder.yaml')).toContain('lines 3, 4');
    expect(message('gcr-key-broken.yaml')).toContain('not valid JSON (line 4 of the key)');
    expect(message('token-url-none.yaml')).toContain('the string "None"');
    expect(message('removed-keys.yaml')).toContain('use config.BinderHub.use_registry instead');
    expect(message('prefix-depth-harbor.yaml')).toContain('<host>/<project>/<prefix>-');
    expect(message('prefix-depth-gar.yaml')).toContain(
      '<location>-docker.pkg.dev/<project>/<repository>/<prefix>-',
    );
  });

  it('names the file that set the key', () => {
    const findings = checkBinderHubValues([
      { name: 'secret.yaml', text: 'registry:\n  url: https://harbor.example.com\n  password: CANARY\n' },
      {
        name: 'config.yaml',
        text: 'config:\n  BinderHub:\n    image_prefix: harbor.example.com/binder/r2d-\n',
      },
    ]);
    expect(findings).toEqual([expect.objectContaining({ file: 'secret.yaml', path: 'registry.username' })]);
  });

  it('a later file overrides an earlier one, as with helm', () => {
    const findings = checkBinderHubValues([
      trap('token-url-none.yaml'),
      { name: 'fix.yaml', text: 'config:\n  DockerRegistry:\n    token_url: ""\n' },
    ]);
    expect(findings).toEqual([]);
  });

  it('Harbor and OVH keep service= in token_url: they read the first one', () => {
    expect(paths('good-secret.yaml', 'good-config.yaml')).toEqual([]);
  });

  it('a registry helper class needs no registry login', () => {
    const findings = checkBinderHubValues([
      {
        name: 'config.yaml',
        text: 'config:\n  BinderHub:\n    registry_class: binderhub.registry.ExternalRegistryHelper\n    image_prefix: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/binder-\n  DockerRegistry:\n    url: https://123456789012.dkr.ecr.eu-west-1.amazonaws.com\n',
      },
    ]);
    expect(findings).toEqual([]);
  });

  it('an image prefix on another registry than the one the binder pod asks', () => {
    const findings = checkBinderHubValues([
      trap('good-secret.yaml'),
      { name: 'config.yaml', text: 'config:\n  BinderHub:\n    image_prefix: quay.io/binder/r2d-\n' },
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'config.BinderHub.image_prefix pushes to quay.io, but the binder pod looks for images at harbor.example.com (registry.url or config.DockerRegistry.url), so it never finds one and every launch rebuilds: use the same registry in both.',
    ]);
  });

  it('escapes control characters in what it shows', () => {
    const [finding] = checkBinderHubValues([
      { name: 'v\u001b.yaml', text: 'registry:\n  "a\\u001b[31m": x\n' },
    ]);
    expect(finding?.message).not.toContain('\u001b');
    expect(finding?.file).toBe('v\u001b.yaml');
  });

  it('refuses a file that is not YAML, in one sentence', () => {
    expect(() => checkBinderHubValues([{ name: 'secret.yaml', text: 'registry: [\n' }])).toThrow(
      /^secret\.yaml is not valid YAML/,
    );
  });
});
