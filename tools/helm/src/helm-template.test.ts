import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findHelm } from './helm-binary.js';
import { helmTemplate } from './helm-template.js';

const chart = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/fixtures/helm-charts/jupyterhub',
);
const helm = findHelm();

describe.skipIf(!helm || !existsSync(join(chart, 'Chart.yaml')))(
  'helmTemplate on the real JupyterHub chart',
  { tags: ['needs-helm'] },
  () => {
    const pullSecret = {
      imagePullSecret: { create: true, registry: 'ghcr.io', username: 'me', password: 'canary-helm-pw' },
    };

    it('renders the chart’s image pull Secret from a values file', async () => {
      const result = await helmTemplate(chart, pullSecret, {
        namespace: 'hub',
        args: ['--show-only', 'templates/image-pull-secret.yaml'],
      });
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('type: kubernetes.io/dockerconfigjson');
      const encoded = /\.dockerconfigjson: "?([A-Za-z0-9+/=]+)/.exec(result.stdout)?.[1] ?? '';
      const config = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
      expect(config.auths['ghcr.io']).toMatchObject({ username: 'me', password: 'canary-helm-pw' });
    });

    it('fails when the values hold a key the chart’s schema does not allow', async () => {
      const result = await helmTemplate(chart, {
        imagePullSecret: { ...pullSecret.imagePullSecret, passwd: 'x' },
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/additional propert/i);
      expect(result.stderr).toContain('passwd');
    });
  },
);
