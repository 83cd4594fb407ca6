import { describe, expect, it } from 'vitest';
import { checkJupyterHubValues } from './check-jupyterhub-values.js';

const check = (text: string) => checkJupyterHubValues([{ name: 'values.yaml', text }]);

describe('checkJupyterHubValues', () => {
  it('finds nothing in values the chart reads', () => {
    expect(
      check(
        'imagePullSecret:\n  create: true\n  registry: r.example\n  username: u\n  password: p\nimagePullSecrets: [regcred]\n',
      ),
    ).toEqual([]);
  });

  it('catches credentials under global.imagePullSecrets, without showing them', () => {
    const findings = check(
      'global:\n  imagePullSecrets:\n    - registry: r.example\n      username: u\n      password: CANARY-secret\n',
    );
    expect(findings).toEqual([
      {
        file: 'values.yaml',
        path: 'global.imagePullSecrets',
        message:
          'global.imagePullSecrets is never read by the JupyterHub chart (its schema lets global through), so the hub and user pods get no pull secret: move the registry, username and password to imagePullSecret with create: true.',
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain('CANARY');
  });

  it('catches names under global.imagePullSecrets and global.existingImagePullSecrets', () => {
    const findings = check(
      'global:\n  imagePullSecrets: [regcred]\n  existingImagePullSecrets:\n    - name: other\n',
    );
    expect(findings.map((finding) => finding.message)).toEqual([
      'global.imagePullSecrets is never read by the JupyterHub chart (its schema lets global through), so the hub and user pods get no pull secret: list regcred under imagePullSecrets instead.',
      'global.existingImagePullSecrets is never read by the JupyterHub chart, so the hub and user pods do not get other: list them under imagePullSecrets instead.',
    ]);
  });

  it('looks under jupyterhub: in BinderHub values', () => {
    const findings = check('jupyterhub:\n  global:\n    existingImagePullSecrets: [regcred]\n');
    expect(findings.map((finding) => finding.path)).toEqual(['jupyterhub.global.existingImagePullSecrets']);
  });

  it('catches imagePullSecret credentials without create: true', () => {
    const findings = check('imagePullSecret:\n  registry: r.example\n  username: u\n  password: p\n');
    expect(findings.map((finding) => finding.path)).toEqual(['imagePullSecret.create']);
  });

  it('catches an imagePullSecret value the chart would render as invalid JSON', () => {
    const findings = check('imagePullSecret:\n  create: true\n  username: u\n  password: "CANARY\\x01"\n');
    expect(findings.map((finding) => finding.path)).toEqual(['imagePullSecret.password']);
    expect(JSON.stringify(findings)).not.toContain('CANARY');
  });

  it('escapes control characters in names it shows', () => {
    const [finding] = check('global:\n  existingImagePullSecrets: ["a\\u001b[31mb"]\n');
    expect(finding?.message).not.toContain('\u001b');
  });

  it('refuses a file that is not YAML or not a mapping, in one sentence', () => {
    expect(() => check('a: [\n')).toThrow(/^values\.yaml is not valid YAML/);
    expect(() => check('- a\n')).toThrow('values.yaml is not a mapping of Helm values.');
  });
});
