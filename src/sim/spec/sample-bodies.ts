/**
 * Hand-written, realistic wire bodies that satisfy the trimmed vendor descriptions. The tests use
 * them as the "valid" baseline (and mutate copies); simulator authors can use them as a reference
 * for the smallest body each description accepts. Shapes follow the vendors' documented examples.
 */

const GH = 'https://api.github.com';

/**
 * A `simple-user`. Bot logins end in `[bot]`; GitHub percent-encodes the brackets in the API URLs
 * (`/users/dependabot%5Bbot%5D`) and points `html_url` at the app, and the description's
 * `format: uri` rejects raw brackets, so a simulator must do the same.
 */
export function githubUser(login: string, id: number, type: 'User' | 'Bot' = 'User'): Record<string, unknown> {
  const path = encodeURIComponent(login);
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: `${GH}/users/${path}`,
    html_url: type === 'Bot' ? `https://github.com/apps/${login.replace(/\[bot\]$/, '')}` : `https://github.com/${path}`,
    followers_url: `${GH}/users/${path}/followers`,
    following_url: `${GH}/users/${path}/following{/other_user}`,
    gists_url: `${GH}/users/${path}/gists{/gist_id}`,
    starred_url: `${GH}/users/${path}/starred{/owner}{/repo}`,
    subscriptions_url: `${GH}/users/${path}/subscriptions`,
    organizations_url: `${GH}/users/${path}/orgs`,
    repos_url: `${GH}/users/${path}/repos`,
    events_url: `${GH}/users/${path}/events{/privacy}`,
    received_events_url: `${GH}/users/${path}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function githubIssue(number: number, owner = 'contoso', repo = 'platform'): Record<string, unknown> {
  const base = `${GH}/repos/${owner}/${repo}`;
  return {
    id: 2_000_000_000 + number,
    node_id: `I_kwDOAbCdEf${number}`,
    url: `${base}/issues/${number}`,
    repository_url: base,
    labels_url: `${base}/issues/${number}/labels{/name}`,
    comments_url: `${base}/issues/${number}/comments`,
    events_url: `${base}/issues/${number}/events`,
    html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
    number,
    state: 'open',
    state_reason: null,
    title: `Release train 2025-W${String(number % 52).padStart(2, '0')}`,
    body: '- [ ] deploy api to prod\n- [ ] approve ADO release 42\n',
    user: githubUser('release-bot[bot]', 41898282, 'Bot'),
    labels: [
      {
        id: 208045946,
        node_id: 'MDU6TGFiZWwyMDgwNDU5NDY=',
        url: `${base}/labels/release-train`,
        name: 'release-train',
        description: 'Weekly release checklist',
        color: 'f29513',
        default: false,
      },
    ],
    assignee: null,
    assignees: [githubUser('octocat', 583231)],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 3,
    created_at: '2025-06-02T08:00:00Z',
    updated_at: '2025-06-02T09:30:12Z',
    closed_at: null,
    closed_by: null,
    author_association: 'NONE',
    timeline_url: `${base}/issues/${number}/timeline`,
    performed_via_github_app: null,
    reactions: {
      url: `${base}/issues/${number}/reactions`,
      total_count: 1,
      '+1': 1,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
  };
}

/** A page of `GET /repos/{owner}/{repo}/issues` (GitHub's default page size is 30). */
export function githubIssuePage(count = 30): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => githubIssue(1000 + i));
}

export function githubBasicError(): Record<string, unknown> {
  return { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
}

export function adoIdentity(name: string): Record<string, unknown> {
  return {
    id: '4adb1680-0eac-6149-b5ee-fc8b4f6ca227',
    displayName: name,
    uniqueName: 'fabfiber@outlook.com',
    url: 'https://vssps.dev.azure.com/fabrikam/_apis/Identities/4adb1680-0eac-6149-b5ee-fc8b4f6ca227',
    imageUrl: 'https://dev.azure.com/fabrikam/_api/_common/identityImage?id=4adb1680-0eac-6149-b5ee-fc8b4f6ca227',
  };
}

export function adoApproval(id: number): Record<string, unknown> {
  return {
    id,
    revision: 1,
    approver: adoIdentity('Chuck Reinhart'),
    approvalType: 'preDeploy',
    createdOn: '2025-05-31T16:40:14.47Z',
    modifiedOn: '2025-05-31T16:40:14.47Z',
    status: 'pending',
    comments: '',
    isAutomated: false,
    attempt: 1,
    rank: 1,
    history: [],
    release: { id: 2, name: 'Release-2', url: 'https://vsrm.dev.azure.com/fabrikam/MyFirstProject/_apis/Release/releases/2', _links: {} },
    releaseDefinition: { id: 1, name: 'MyShuttle.CD', _links: {} },
    releaseEnvironment: { id: 5, name: 'Dev', _links: {} },
    url: `https://vsrm.dev.azure.com/fabrikam/MyFirstProject/_apis/Release/approvals/${id}`,
  };
}

/** `GET .../_apis/release/approvals`: the service's `{count, value}` envelope. */
export function adoApprovalsEnvelope(): Record<string, unknown> {
  return { count: 2, value: [adoApproval(2), adoApproval(1)] };
}

export function adoBuild(id: number): Record<string, unknown> {
  return {
    id,
    buildNumber: `20250602.${id}`,
    status: 'completed',
    result: 'succeeded',
    queueTime: '2025-06-02T07:59:01.123Z',
    startTime: '2025-06-02T08:00:02.5Z',
    finishTime: '2025-06-02T08:07:40Z',
    sourceBranch: 'refs/heads/main',
    sourceVersion: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
    reason: 'individualCI',
    definition: { id: 125, name: 'api-ci', path: '\\', revision: 7, type: 'build', queueStatus: 'enabled' },
    requestedFor: adoIdentity('Chuck Reinhart'),
    url: `https://dev.azure.com/fabrikam/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/build/Builds/${id}`,
  };
}

const SUB = '/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/rg-platform';

export function containerApp(): Record<string, unknown> {
  return {
    id: `${SUB}/providers/Microsoft.App/containerApps/api`,
    name: 'api',
    type: 'Microsoft.App/containerApps',
    location: 'West Europe',
    tags: { team: 'platform' },
    systemData: {
      createdBy: 'deployer@contoso.com',
      createdByType: 'User',
      createdAt: '2025-05-01T10:00:00Z',
      lastModifiedBy: 'deployer@contoso.com',
      lastModifiedByType: 'User',
      lastModifiedAt: '2025-06-02T08:10:00Z',
    },
    properties: {
      provisioningState: 'Succeeded',
      runningStatus: 'Running',
      managedEnvironmentId: `${SUB}/providers/Microsoft.App/managedEnvironments/prod-env`,
      latestRevisionName: 'api--r42',
      latestReadyRevisionName: 'api--r42',
      latestRevisionFqdn: 'api--r42.kindsea-1234.westeurope.azurecontainerapps.io',
      outboundIpAddresses: ['20.1.2.3'],
      configuration: {
        activeRevisionsMode: 'Multiple',
        ingress: {
          external: true,
          targetPort: 8080,
          fqdn: 'api.kindsea-1234.westeurope.azurecontainerapps.io',
          traffic: [
            { revisionName: 'api--r41', weight: 80 },
            { revisionName: 'api--r42', weight: 20, label: 'canary' },
          ],
        },
      },
      template: {
        revisionSuffix: 'r42',
        containers: [
          {
            name: 'api',
            image: 'contoso.azurecr.io/api:2025.06.02',
            resources: { cpu: 0.5, memory: '1Gi' },
          },
        ],
        scale: { minReplicas: 1, maxReplicas: 5 },
      },
    },
  };
}

export function containerAppRevision(name: string, active: boolean, trafficWeight: number): Record<string, unknown> {
  return {
    id: `${SUB}/providers/Microsoft.App/containerApps/api/revisions/${name}`,
    name,
    type: 'Microsoft.App/containerApps/revisions',
    properties: {
      createdTime: '2025-06-02T08:01:00Z',
      lastActiveTime: '2025-06-02T08:05:00Z',
      fqdn: `${name}.kindsea-1234.westeurope.azurecontainerapps.io`,
      template: { containers: [{ name: 'api', image: 'contoso.azurecr.io/api:2025.06.02' }] },
      active,
      replicas: active ? 2 : 0,
      trafficWeight,
      healthState: 'Healthy',
      provisioningState: 'Provisioned',
      runningState: active ? 'Running' : 'Stopped',
    },
  };
}

export function webAppDeployment(id: string): Record<string, unknown> {
  return {
    id: `${SUB}/providers/Microsoft.Web/sites/func-orders/deployments/${id}`,
    name: id,
    type: 'Microsoft.Web/sites/deployments',
    properties: {
      status: 4,
      message: 'Created via a push deployment',
      author: 'N/A',
      deployer: 'ZipDeploy',
      author_email: 'N/A',
      start_time: '2025-06-02T08:00:00.1234567Z',
      end_time: '2025-06-02T08:01:10.7654321Z',
      active: true,
    },
  };
}

export function k8sDaemonSet(name: string): Record<string, unknown> {
  const labels = { 'app.kubernetes.io/name': name };
  return {
    metadata: {
      name,
      namespace: 'kube-system',
      uid: '0e3d2f5c-6f2a-4bb5-8a55-0d8c4c1f1a10',
      resourceVersion: '123456',
      generation: 7,
      creationTimestamp: '2025-05-01T10:00:00Z',
      labels,
      annotations: { 'deprecated.daemonset.template.generation': '7' },
    },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image: `mcr.microsoft.com/oss/${name}:v1.35.0`,
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
              ports: [{ containerPort: 9100, protocol: 'TCP' }],
            },
          ],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
        },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 7,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    },
  };
}

/** `GET /apis/apps/v1/namespaces/{namespace}/daemonsets`. */
export function k8sDaemonSetList(): Record<string, unknown> {
  return {
    kind: 'DaemonSetList',
    apiVersion: 'apps/v1',
    metadata: { resourceVersion: '123460' },
    items: [k8sDaemonSet('node-exporter'), k8sDaemonSet('kube-proxy')],
  };
}

export function k8sNotFound(kind: string, name: string): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${kind}.apps "${name}" not found`,
    reason: 'NotFound',
    details: { name, group: 'apps', kind },
    code: 404,
  };
}
