// What the binder pod makes of the values: the chart's rendered binderhub_config.py, loaded by the real
// traitlets (Python), gives the DockerRegistry settings. It shows `token_url: null` stopping the pod,
// "None" kept as a string, and DockerRegistry nested under BinderHub being read (not a trap).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findHelm, helmTemplate } from '@pull-secret/helm';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { binderRegistrySettings } from '../src/binder-registry-settings.js';
import { checkBinderHubValues } from '../src/check-binderhub-values.js';

const CHART = fileURLToPath(new URL('../../../../shared/fixtures/helm-charts/binderhub', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./traitlets/binder_registry.py', import.meta.url));
const HAS_TRAITLETS = spawnSync('python3', ['-c', 'import traitlets'], { stdio: 'ignore' }).status === 0;
const READY = HAS_TRAITLETS && Boolean(findHelm()) && existsSync(`${CHART}/Chart.yaml`);

async function binderPod(values: string): Promise<Record<string, string>> {
  const rendered = await helmTemplate(CHART, values, { args: ['--show-only', 'templates/secret.yaml'] });
  expect(rendered.exitCode, rendered.stderr).toBe(0);
  const secret = parseAllDocuments(rendered.stdout)
    .map((doc) => doc.toJS() as { metadata: { name: string }; stringData?: Record<string, string> } | null)
    .find((doc) => doc?.metadata.name === 'binder-secret')!;
  const dir = mkdtempSync(join(tmpdir(), 'binderhub-config-'));
  try {
    writeFileSync(join(dir, 'binderhub_config.py'), secret.stringData!['binderhub_config.py']!);
    writeFileSync(join(dir, 'values.json'), JSON.stringify(parse(secret.stringData!['values.yaml']!)));
    const out = execFileSync(
      'python3',
      [SCRIPT, join(dir, 'binderhub_config.py'), join(dir, 'values.json')],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    return JSON.parse(out.trim().split('\n').at(-1)!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BASE = 'registry:\n  url: https://r.example\n  username: u\n  password: CANARY\n';

describe.skipIf(!READY)(
  'the rendered binderhub_config.py under the real traitlets',
  { tags: ['needs-helm'] },
  () => {
    it('token_url: null stops the binder pod (a TraitError), as check says', async () => {
      const values = `${BASE}config:\n  DockerRegistry:\n    token_url: null\n`;
      expect(checkBinderHubValues([{ name: 'v', text: values }]).map((f) => f.path)).toContain(
        'config.DockerRegistry.token_url',
      );
      const pod = await binderPod(values);
      expect(pod.error).toContain(
        "The 'token_url' trait of a DockerRegistry instance expected a unicode string",
      );
    });

    it('token_url: None is the string "None"', async () => {
      const pod = await binderPod(`${BASE}config:\n  DockerRegistry:\n    token_url: None\n`);
      expect(pod.token_url).toBe('None');
    });

    it('DockerRegistry under BinderHub is read, and wins over the top level: check does not report it', async () => {
      const values = `${BASE}config:\n  BinderHub:\n    image_prefix: r.example/binder/r2d-\n    DockerRegistry:\n      token_url: https://nested.example/token\n  DockerRegistry:\n    token_url: https://top.example/token\n`;
      const pod = await binderPod(values);
      expect(pod.token_url).toBe('https://nested.example/token');
      expect(binderRegistrySettings(parse(values)).tokenUrl).toBe(pod.token_url);
      expect(checkBinderHubValues([{ name: 'v', text: values }])).toEqual([]);
    });
  },
);
