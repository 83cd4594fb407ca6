// The chart's values: one JSON Schema that carries each value's default and description. The chart's
// values.schema.json and values.yaml are generated from it, and `pull-secret cronjob` checks its values
// files against it, so the chart and the command accept exactly the same values.

type Schema = Record<string, unknown>;

const string = (def: string, description: string, extra: Schema = {}): Schema => ({
  type: 'string',
  default: def,
  description,
  ...extra,
});
const boolean = (def: boolean, description: string): Schema => ({
  type: 'boolean',
  default: def,
  description,
});
const integer = (def: number, description: string, minimum = 0): Schema => ({
  type: 'integer',
  minimum,
  default: def,
  description,
});
const strings = (description: string, extra: Schema = {}): Schema => ({
  type: 'array',
  items: { type: 'string', ...extra },
  default: [],
  description,
});
const stringMap = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  default: {},
  description,
});
const object = (description: string, properties: Record<string, Schema>, required?: string[]): Schema => ({
  type: 'object',
  additionalProperties: false,
  ...(required ? { required } : {}),
  properties,
  description,
});
const quantity = (def: string, description: string): Schema => ({
  type: ['string', 'number'],
  default: def,
  description,
});

const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$';
const secretKeyRef = object(
  'A key of an existing Secret in the release namespace.',
  {
    name: { type: 'string', pattern: DNS_SUBDOMAIN, description: 'The Secret.' },
    key: { type: 'string', pattern: '^[-._a-zA-Z0-9]+$', description: 'Its key.' },
  },
  ['name', 'key'],
);

export const VALUES_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft-07/schema#',
  title: 'pull-secret chart values',
  type: 'object',
  additionalProperties: false,
  properties: {
    mode: string(
      'cronjob',
      'cronjob: a CronJob runs pull-secret refresh on a schedule. deployment: two replicas run pull-secret apply --watch with a Lease.',
      { enum: ['cronjob', 'deployment'] },
    ),
    secretName: string('regcred', 'The pull Secret kept in each target namespace.', {
      pattern: DNS_SUBDOMAIN,
    }),
    targets: object('Where the pull Secret lives. With none of these, the release namespace.', {
      namespaces: strings('Namespaces, each with a Role of its own.', { pattern: DNS_LABEL }),
      allNamespaces: boolean(false, 'Every namespace (a ClusterRole).'),
      namespaceSelector: string('', 'Namespaces whose labels match, e.g. team=data (a ClusterRole).'),
      excludeNamespaces: strings("deployment mode: leave out matching namespaces, e.g. 'kube-*'."),
    }),
    serviceAccounts: strings(
      'ServiceAccounts in the target namespaces whose imagePullSecrets get the Secret; grants get and patch on ServiceAccounts.',
      { pattern: DNS_SUBDOMAIN },
    ),
    credentials: object(
      'The login recipe, given to pull-secret apply as flags (deployment mode, and the first apply Job in cronjob mode). Refresh reads the recipe each Secret records.',
      {
        provider: string('', 'ecr, gcr, acr, harbor, … ; empty: chosen from each registry host.'),
        registries: strings('Registry hosts.'),
        username: string('', 'A static login’s username.'),
        options: stringMap(
          'Provider options that are not secret, by flag name without the leading --, e.g. aws-region: eu-west-1.',
        ),
        secretEnv: {
          type: 'array',
          default: [],
          description:
            'Environment variables from existing Secrets, e.g. HARBOR_PASSWORD; the provider reads its secret options from them.',
          items: object(
            'One variable.',
            {
              name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'The variable.' },
              secretKeyRef,
            },
            ['name', 'secretKeyRef'],
          ),
        },
        passwordSecret: object(
          'A static login’s password: an existing Secret’s key, mounted and given to --password-file.',
          {
            name: string('', 'The Secret; empty for none.'),
            key: string('password', 'Its key.'),
          },
        ),
      },
    ),
    cronjob: object('mode: cronjob.', {
      schedule: string(
        '*/15 * * * *',
        'When refresh runs (cron syntax). Often enough for the shortest half-life: Google tokens last an hour.',
      ),
      timeZone: string('', 'The schedule’s time zone, e.g. Etc/UTC; empty: the controller’s.'),
      before: string(
        '50%',
        'Refresh point: past this share of a login’s lifetime, or a duration before expiry (30m).',
      ),
      suspend: boolean(false, 'Stop scheduling runs.'),
      successfulJobsHistoryLimit: integer(1, 'Finished Jobs kept.'),
      failedJobsHistoryLimit: integer(3, 'Failed Jobs kept.'),
      startingDeadlineSeconds: integer(300, 'A run that could not start within this long is skipped.', 1),
      activeDeadlineSeconds: integer(300, 'A run is stopped after this long.', 1),
      backoffLimit: integer(1, 'Retries of a failed run.'),
    }),
    deployment: object('mode: deployment.', {
      replicas: integer(2, 'Replicas; one writes at a time (the Lease).', 1),
      leaseName: string('', 'The Lease in the release namespace; empty: the release name.'),
      metricsPort: integer(9090, 'Port of /metrics, /healthz and /readyz.', 1),
    }),
    image: object('The pull-secret image; it runs pull-secret with the arguments the chart gives.', {
      repository: string('ghcr.io/pull-secret/pull-secret', 'Image repository.'),
      tag: string('', 'Image tag; empty: the chart’s appVersion.'),
      pullPolicy: string('IfNotPresent', 'Image pull policy.', { enum: ['Always', 'IfNotPresent', 'Never'] }),
    }),
    imagePullSecrets: strings('Secrets to pull the pull-secret image itself with.', {
      pattern: DNS_SUBDOMAIN,
    }),
    serviceAccount: object('The ServiceAccount the pods run as.', {
      create: boolean(true, 'Create it; false: use name, which must exist.'),
      name: string('', 'Its name; empty: the release name.'),
      annotations: stringMap('More annotations.'),
    }),
    cloudIdentity: object('The cloud identity of the pods, for providers that log in with it.', {
      aws: object('EKS IAM roles for service accounts.', {
        roleArn: string('', 'eks.amazonaws.com/role-arn on the ServiceAccount.'),
      }),
      gcp: object('GKE workload identity.', {
        serviceAccount: string('', 'iam.gke.io/gcp-service-account on the ServiceAccount.'),
      }),
      azure: object('Azure workload identity.', {
        clientId: string(
          '',
          'azure.workload.identity/client-id on the ServiceAccount; also labels the pods azure.workload.identity/use: "true".',
        ),
        tenantId: string('', 'azure.workload.identity/tenant-id on the ServiceAccount.'),
      }),
    }),
    rbac: object('Roles.', {
      create: boolean(true, 'Create the Role(s) or ClusterRole and their bindings.'),
    }),
    runAsUser: integer(65532, 'The non-root UID (and GID) the container runs as.', 1),
    resources: object('Container resources.', {
      requests: object('Requests.', {
        cpu: quantity('10m', 'CPU request.'),
        memory: quantity('64Mi', 'Memory request.'),
      }),
      limits: object('Limits.', {
        cpu: quantity('500m', 'CPU limit.'),
        memory: quantity('256Mi', 'Memory limit.'),
      }),
    }),
    podLabels: stringMap('More pod labels.'),
    podAnnotations: stringMap('Pod annotations.'),
    nodeSelector: stringMap('Pod node selector.'),
    extraArgs: strings('More pull-secret arguments, e.g. --request-timeout=30s.'),
  },
};

/** The default of every value, as values.yaml holds them. */
export function defaultValues(schema: Schema = VALUES_SCHEMA): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties as Record<string, Schema>)) {
    out[key] = 'default' in property ? structuredClone(property.default) : defaultValues(property);
  }
  return out;
}

/** values.yaml: every default, each under its description. */
export function valuesYaml(schema: Schema = VALUES_SCHEMA, indent = ''): string {
  let text = '';
  for (const [key, property] of Object.entries(schema.properties as Record<string, Schema>)) {
    if (property.description) text += `${indent}# ${property.description}\n`;
    if ('default' in property) text += `${indent}${key}: ${JSON.stringify(property.default)}\n`;
    else text += `${indent}${key}:\n${valuesYaml(property, `${indent}  `)}`;
  }
  return text;
}

/** The schema as helm reads it: no defaults (values.yaml holds them). */
export function valuesSchemaJson(schema: Schema = VALUES_SCHEMA): string {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, inner]) => (key === 'default' ? [] : [[key, strip(inner)]])),
    );
  };
  return `${JSON.stringify(strip(schema), null, 2)}\n`;
}

/** Values merged as helm merges values files: maps key by key, anything else replaced. */
export function mergeValues(base: unknown, override: unknown): unknown {
  if (isMap(base) && isMap(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) out[key] = mergeValues(base[key], value);
    return out;
  }
  return override === undefined ? base : override;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  null: 'empty',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * What is wrong with these values by the schema's rules (the keywords it uses: type, properties,
 * additionalProperties, required, items, enum, pattern, minimum), as "path: problem" lines.
 */
export function valuesProblems(value: unknown, schema: Schema = VALUES_SCHEMA, path = ''): string[] {
  const at = path || 'the values';
  const types = [schema.type ?? []].flat() as string[];
  const actual = typeOf(value);
  if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    return [
      `${at} must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}, not ${TYPE_WORDS[actual] ?? actual}`,
    ];
  }
  const problems: string[] = [];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) {
    problems.push(`${at} is none of ${(schema.enum as unknown[]).join(', ')}`);
  }
  if (
    typeof schema.pattern === 'string' &&
    typeof value === 'string' &&
    !new RegExp(schema.pattern).test(value)
  ) {
    problems.push(`${at} ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) {
    problems.push(`${at} is below ${schema.minimum}`);
  }
  if (Array.isArray(value) && schema.items) {
    for (const [i, element] of value.entries()) {
      problems.push(...valuesProblems(element, schema.items as Schema, `${path}[${i}]`));
    }
  }
  if (isMap(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in value)) problems.push(`${at} has no ${key}`);
    }
    for (const [key, inner] of Object.entries(value)) {
      const child = properties[key] ?? schema.additionalProperties;
      const where = path ? `${path}.${key}` : key;
      if (child === false || child === undefined) problems.push(`${where} is not a value of the chart`);
      else if (child !== true) problems.push(...valuesProblems(inner, child as Schema, where));
    }
  }
  return problems;
}

/** The Markdown table of every value (docs/helm.md): its dotted key, default and description. */
export function valuesTable(schema: Schema = VALUES_SCHEMA, prefix = ''): string {
  const rows: string[] = prefix ? [] : ['| value | default | what it is |', '|---|---|---|'];
  for (const [key, property] of Object.entries(schema.properties as Record<string, Schema>)) {
    const path = `${prefix}${key}`;
    if ('default' in property) {
      const text = String(property.description ?? '').replaceAll('|', '\\|');
      rows.push(`| \`${path}\` | \`${JSON.stringify(property.default)}\` | ${text} |`);
    } else {
      rows.push(valuesTable(property, `${path}.`));
    }
  }
  return rows.join('\n');
}
