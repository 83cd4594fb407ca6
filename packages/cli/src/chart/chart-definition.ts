import {
  and,
  appVersion,
  concat,
  type Document,
  entry,
  eq,
  type Item,
  item,
  listOf,
  map,
  type Node,
  node,
  not,
  or,
  orDefault,
  releaseName,
  releaseNamespace,
  tree,
  truthy,
  v,
  variable,
} from './chart-template.js';

// The chart's objects. Templates in charts/pull-secret/templates are generated from this file
// (PULL_SECRET_WRITE_CHART=1 npx vitest run src/chart/chart-files.test.ts); `pull-secret cronjob`
// evaluates it.

const cronjobMode = eq(v('mode'), 'cronjob');
const deploymentMode = eq(v('mode'), 'deployment');
const clusterWide = or(truthy(v('targets.allNamespaces')), truthy(v('targets.namespaceSelector')));
const targetNamespaces = orDefault(v('targets.namespaces'), listOf(releaseNamespace));
const serviceAccountName = orDefault(v('serviceAccount.name'), releaseName);
const leaseName = orDefault(v('deployment.leaseName'), releaseName);
const withRecipe = or(truthy(v('credentials.registries')), truthy(v('credentials.provider')));
const azure = truthy(v('cloudIdentity.azure.clientId'));
const PASSWORD_DIR = '/var/run/secrets/pull-secret/password';

const selectorLabels = (component: string) =>
  map(
    entry('app.kubernetes.io/name', 'pull-secret'),
    entry('app.kubernetes.io/instance', releaseName),
    entry('app.kubernetes.io/component', component),
  );

const labels = (component: string) =>
  map(
    entry('app.kubernetes.io/name', 'pull-secret'),
    entry('app.kubernetes.io/instance', releaseName),
    entry('app.kubernetes.io/component', component),
    entry('app.kubernetes.io/version', appVersion),
  );

const metadata = (name: typeof releaseName, component: string, namespaced = true) =>
  map(
    entry('name', name),
    ...(namespaced ? [entry('namespace', releaseNamespace)] : []),
    entry('labels', labels(component)),
  );

/** -n NS… | -A | --namespace-selector, as refresh and apply both take them. */
const targetArgs: Item = {
  op: 'choose',
  cases: [
    { when: truthy(v('targets.allNamespaces')), items: [item('--all-namespaces')] },
    {
      when: truthy(v('targets.namespaceSelector')),
      items: [item(concat('--namespace-selector=', v('targets.namespaceSelector')))],
    },
  ],
  otherwise: [
    { op: 'range', over: targetNamespaces, var: 'ns', items: [item(concat('--namespace=', variable('ns')))] },
  ],
};

const extraArgs: Item = { op: 'range', over: v('extraArgs'), var: 'arg', items: [item(variable('arg'))] };

const refreshArgs: Item[] = [
  item('refresh'),
  targetArgs,
  item(concat('--secret=', v('secretName'))),
  item(concat('--before=', v('cronjob.before'))),
  extraArgs,
];

/** apply with the recipe from the values; secrets come from env variables and mounted files only. */
const applyArgs = (watch: boolean): Item[] => [
  item('apply'),
  item(v('secretName')),
  targetArgs,
  {
    op: 'range',
    over: v('targets.excludeNamespaces'),
    var: 'glob',
    items: [item(concat('--exclude-namespace=', variable('glob')))],
  },
  {
    op: 'range',
    over: v('serviceAccounts'),
    var: 'sa',
    items: [item(concat('--service-account=', variable('sa')))],
  },
  item(concat('--provider=', v('credentials.provider')), truthy(v('credentials.provider'))),
  {
    op: 'range',
    over: v('credentials.registries'),
    var: 'registry',
    items: [item(concat('--registry=', variable('registry')))],
  },
  item(concat('--username=', v('credentials.username')), truthy(v('credentials.username'))),
  item(
    concat(`--password-file=${PASSWORD_DIR}/`, v('credentials.passwordSecret.key')),
    truthy(v('credentials.passwordSecret.name')),
  ),
  {
    op: 'mapRange',
    over: v('credentials.options'),
    key: 'option',
    value: 'setting',
    items: [item(concat('--', variable('option'), '=', variable('setting')))],
  },
  ...(watch
    ? [
        item('--watch'),
        item('--leader-elect'),
        item(concat('--lease-name=', leaseName)),
        item(concat('--lease-namespace=', releaseNamespace)),
        item(concat('--metrics-port=', v('deployment.metricsPort'))),
      ]
    : []),
  extraArgs,
];

function container(args: Item[], watch: boolean): Node {
  return map(
    entry('name', 'pull-secret'),
    entry('image', concat(v('image.repository'), ':', orDefault(v('image.tag'), appVersion))),
    entry('imagePullPolicy', v('image.pullPolicy')),
    entry('args', args),
    entry(
      'env',
      [
        {
          op: 'range',
          over: v('credentials.secretEnv'),
          var: 'env',
          items: [
            item(
              map(
                entry('name', variable('env.name')),
                entry(
                  'valueFrom',
                  map(
                    entry(
                      'secretKeyRef',
                      map(
                        entry('name', variable('env.secretKeyRef.name')),
                        entry('key', variable('env.secretKeyRef.key')),
                      ),
                    ),
                  ),
                ),
              ),
            ),
          ],
        },
      ],
      truthy(v('credentials.secretEnv')),
    ),
    ...(watch
      ? [
          entry('ports', [
            item(
              map(
                entry('name', 'http'),
                entry('containerPort', v('deployment.metricsPort')),
                entry('protocol', 'TCP'),
              ),
            ),
          ]),
          entry('livenessProbe', probe('/healthz')),
          entry('readinessProbe', probe('/readyz')),
        ]
      : []),
    entry('resources', tree(v('resources'))),
    entry('securityContext', {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: v('runAsUser'),
      runAsGroup: v('runAsUser'),
      capabilities: { drop: [item('ALL')] },
    }),
    entry('volumeMounts', [
      item({ name: 'tmp', mountPath: '/tmp' }),
      item(
        { name: 'password', mountPath: PASSWORD_DIR, readOnly: true },
        truthy(v('credentials.passwordSecret.name')),
      ),
    ]),
  );
}

function probe(path: string): Node {
  return node({ httpGet: { path, port: 'http' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
}

function podTemplate(component: string, args: Item[], watch: boolean, restartPolicy: string): Node {
  return map(
    entry(
      'metadata',
      map(
        entry(
          'labels',
          map(
            entry('app.kubernetes.io/name', 'pull-secret'),
            entry('app.kubernetes.io/instance', releaseName),
            entry('app.kubernetes.io/component', component),
            entry('azure.workload.identity/use', 'true', azure),
            {
              op: 'mapRange',
              over: v('podLabels'),
              key: 'label',
              value: 'text',
              entry: node(variable('text')),
            },
          ),
        ),
        entry('annotations', tree(v('podAnnotations')), truthy(v('podAnnotations'))),
      ),
    ),
    entry(
      'spec',
      map(
        entry('serviceAccountName', serviceAccountName),
        entry('automountServiceAccountToken', true),
        entry('restartPolicy', restartPolicy),
        entry(
          'imagePullSecrets',
          [
            {
              op: 'range',
              over: v('imagePullSecrets'),
              var: 'pull',
              items: [item({ name: variable('pull') })],
            },
          ],
          truthy(v('imagePullSecrets')),
        ),
        entry('nodeSelector', tree(v('nodeSelector')), truthy(v('nodeSelector'))),
        entry('securityContext', {
          runAsNonRoot: true,
          runAsUser: v('runAsUser'),
          runAsGroup: v('runAsUser'),
          fsGroup: v('runAsUser'),
          seccompProfile: { type: 'RuntimeDefault' },
        }),
        entry('containers', [item(container(args, watch))]),
        entry('volumes', [
          item({ name: 'tmp', emptyDir: { sizeLimit: '16Mi' } }),
          item(
            {
              name: 'password',
              secret: {
                secretName: v('credentials.passwordSecret.name'),
                defaultMode: 0o400,
                items: [
                  item({
                    key: v('credentials.passwordSecret.key'),
                    path: v('credentials.passwordSecret.key'),
                  }),
                ],
              },
            },
            truthy(v('credentials.passwordSecret.name')),
          ),
        ]),
      ),
    ),
  );
}

const secretVerbs = (watch: boolean) => [
  item('get'),
  item('list'),
  ...(watch ? [item('watch')] : []),
  item('create'),
  item('update'),
  item('patch'),
];

/** The rules on the target namespaces: the pull Secret, and ServiceAccounts only when asked. */
const targetRules = (clusterScoped: boolean): Item[] => [
  {
    op: 'choose',
    cases: [
      {
        when: deploymentMode,
        items: [item({ apiGroups: [item('')], resources: [item('secrets')], verbs: secretVerbs(true) })],
      },
    ],
    otherwise: [item({ apiGroups: [item('')], resources: [item('secrets')], verbs: secretVerbs(false) })],
  },
  // pull-secret adds the Secret to a ServiceAccount with a merge patch carrying the resourceVersion it
  // read, and lists them cluster-wide only for cluster-wide targets (one list instead of a read each).
  item(
    {
      apiGroups: [item('')],
      resources: [item('serviceaccounts')],
      verbs: clusterScoped ? [item('get'), item('list'), item('patch')] : [item('get'), item('patch')],
    },
    truthy(v('serviceAccounts')),
  ),
  ...(clusterScoped
    ? [
        {
          op: 'choose',
          cases: [
            {
              when: deploymentMode,
              items: [
                item({
                  apiGroups: [item('')],
                  resources: [item('namespaces')],
                  verbs: [item('get'), item('list'), item('watch')],
                }),
              ],
            },
          ],
          otherwise: [
            item({
              apiGroups: [item('')],
              resources: [item('namespaces')],
              verbs: [item('get'), item('list')],
            }),
          ],
        } satisfies Item,
      ]
    : []),
];

const subjects = [item({ kind: 'ServiceAccount', name: serviceAccountName, namespace: releaseNamespace })];
const clusterRoleName = concat(releaseNamespace, '-', releaseName, '-pull-secret');
const rbac = and(truthy(v('rbac.create')));

export const CHART_DOCUMENTS: readonly Document[] = [
  {
    file: 'serviceaccount.yaml',
    when: truthy(v('serviceAccount.create')),
    node: map(
      entry('apiVersion', 'v1'),
      entry('kind', 'ServiceAccount'),
      entry(
        'metadata',
        map(
          entry('name', serviceAccountName),
          entry('namespace', releaseNamespace),
          entry('labels', labels('rbac')),
          entry(
            'annotations',
            map(
              entry(
                'eks.amazonaws.com/role-arn',
                v('cloudIdentity.aws.roleArn'),
                truthy(v('cloudIdentity.aws.roleArn')),
              ),
              entry(
                'iam.gke.io/gcp-service-account',
                v('cloudIdentity.gcp.serviceAccount'),
                truthy(v('cloudIdentity.gcp.serviceAccount')),
              ),
              entry('azure.workload.identity/client-id', v('cloudIdentity.azure.clientId'), azure),
              entry(
                'azure.workload.identity/tenant-id',
                v('cloudIdentity.azure.tenantId'),
                truthy(v('cloudIdentity.azure.tenantId')),
              ),
              {
                op: 'mapRange',
                over: v('serviceAccount.annotations'),
                key: 'annotation',
                value: 'text',
                entry: node(variable('text')),
              },
            ),
            or(
              truthy(v('cloudIdentity.aws.roleArn')),
              truthy(v('cloudIdentity.gcp.serviceAccount')),
              azure,
              truthy(v('cloudIdentity.azure.tenantId')),
              truthy(v('serviceAccount.annotations')),
            ),
          ),
        ),
      ),
      entry('automountServiceAccountToken', true),
    ),
  },
  {
    file: 'rbac.yaml',
    when: and(rbac, clusterWide),
    node: map(
      entry('apiVersion', 'rbac.authorization.k8s.io/v1'),
      entry('kind', 'ClusterRole'),
      entry('metadata', metadata(clusterRoleName, 'rbac', false)),
      entry('rules', targetRules(true)),
    ),
  },
  {
    file: 'rbac.yaml',
    when: and(rbac, clusterWide),
    node: map(
      entry('apiVersion', 'rbac.authorization.k8s.io/v1'),
      entry('kind', 'ClusterRoleBinding'),
      entry('metadata', metadata(clusterRoleName, 'rbac', false)),
      entry('roleRef', { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRoleName }),
      entry('subjects', subjects),
    ),
  },
  {
    file: 'rbac.yaml',
    when: and(rbac, not(clusterWide)),
    range: { over: targetNamespaces, var: 'ns' },
    node: map(
      entry('apiVersion', 'rbac.authorization.k8s.io/v1'),
      entry('kind', 'Role'),
      entry(
        'metadata',
        map(entry('name', releaseName), entry('namespace', variable('ns')), entry('labels', labels('rbac'))),
      ),
      entry('rules', targetRules(false)),
    ),
  },
  {
    file: 'rbac.yaml',
    when: and(rbac, not(clusterWide)),
    range: { over: targetNamespaces, var: 'ns' },
    node: map(
      entry('apiVersion', 'rbac.authorization.k8s.io/v1'),
      entry('kind', 'RoleBinding'),
      entry(
        'metadata',
        map(entry('name', releaseName), entry('namespace', variable('ns')), entry('labels', labels('rbac'))),
      ),
      entry('roleRef', { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: releaseName }),
      entry('subjects', subjects),
    ),
  },
  {
    file: 'lease-rbac.yaml',
    when: and(rbac, deploymentMode),
    node: map(
      entry('apiVersion', 'rbac.authorization.k8s.io/v1'),
      entry('kind', 'Role'),
      entry('metadata', metadata(concat(releaseName, '-lease'), 'rbac')),
      entry('rules', [
        item({
          apiGroups: [item('coordination.k8s.io')],
          resources: [item('leases')],
          verbs: [item('create')],
        }),
        item({
          apiGroups: [item('coordination.k8s.io')],
          resources: [item('leases')],
          resourceNames: [item(leaseName)],
          verbs: [item('get'), item('update')],
        }),
      ]),
    ),
  },
  {
    file: 'lease-rbac.yaml',
    when: and(rbac, deploymentMode),
    node: map(
      entry('apiVersion', 'rbac.authorization.k8s.io/v1'),
      entry('kind', 'RoleBinding'),
      entry('metadata', metadata(concat(releaseName, '-lease'), 'rbac')),
      entry('roleRef', {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: concat(releaseName, '-lease'),
      }),
      entry('subjects', subjects),
    ),
  },
  {
    file: 'cronjob.yaml',
    when: cronjobMode,
    node: map(
      entry('apiVersion', 'batch/v1'),
      entry('kind', 'CronJob'),
      entry('metadata', metadata(releaseName, 'refresh')),
      entry(
        'spec',
        map(
          entry('schedule', v('cronjob.schedule')),
          entry('timeZone', v('cronjob.timeZone'), truthy(v('cronjob.timeZone'))),
          entry('concurrencyPolicy', 'Forbid'),
          entry('suspend', v('cronjob.suspend')),
          entry('startingDeadlineSeconds', v('cronjob.startingDeadlineSeconds')),
          entry('successfulJobsHistoryLimit', v('cronjob.successfulJobsHistoryLimit')),
          entry('failedJobsHistoryLimit', v('cronjob.failedJobsHistoryLimit')),
          entry(
            'jobTemplate',
            map(
              entry('metadata', map(entry('labels', selectorLabels('refresh')))),
              entry(
                'spec',
                map(
                  entry('activeDeadlineSeconds', v('cronjob.activeDeadlineSeconds')),
                  entry('backoffLimit', v('cronjob.backoffLimit')),
                  entry('template', podTemplate('refresh', refreshArgs, false, 'Never')),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  },
  {
    // The first login: refresh only renews Secrets that exist, so with a recipe in the values a Job
    // runs apply once per install or upgrade. kubectl users apply it with the rest; it removes itself.
    file: 'apply-job.yaml',
    when: and(cronjobMode, withRecipe),
    node: map(
      entry('apiVersion', 'batch/v1'),
      entry('kind', 'Job'),
      entry(
        'metadata',
        map(
          entry('name', concat(releaseName, '-apply')),
          entry('namespace', releaseNamespace),
          entry('labels', labels('apply')),
          entry(
            'annotations',
            map(
              entry('helm.sh/hook', 'post-install,post-upgrade'),
              entry('helm.sh/hook-delete-policy', 'before-hook-creation,hook-succeeded'),
            ),
          ),
        ),
      ),
      entry(
        'spec',
        map(
          entry('activeDeadlineSeconds', v('cronjob.activeDeadlineSeconds')),
          entry('backoffLimit', v('cronjob.backoffLimit')),
          entry('ttlSecondsAfterFinished', 600),
          entry('template', podTemplate('apply', applyArgs(false), false, 'Never')),
        ),
      ),
    ),
  },
  {
    file: 'deployment.yaml',
    when: deploymentMode,
    node: map(
      entry('apiVersion', 'apps/v1'),
      entry('kind', 'Deployment'),
      entry('metadata', metadata(releaseName, 'watch')),
      entry(
        'spec',
        map(
          entry('replicas', v('deployment.replicas')),
          entry('selector', map(entry('matchLabels', selectorLabels('watch')))),
          entry('template', podTemplate('watch', applyArgs(true), true, 'Always')),
        ),
      ),
    ),
  },
];
