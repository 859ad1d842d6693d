import { parseDuration } from '../config/duration.ts';
import type { Estate } from '../config/schema.ts';
import { AzureDevOpsClient } from '../providers/azure-devops/client.ts';
import { createContainerAppsClient, createWebSiteClient } from '../providers/azure/clients.ts';
import type { GitHubClient } from '../providers/github/client.ts';
import { createKubeClients } from '../providers/kubernetes/client.ts';
import type { SimAccess } from './sim-access.ts';

/** One section of the walk-through: a title, a table, and what it means for the train. */
export interface Section {
  title: string;
  header: string[];
  rows: string[][];
  note?: string;
}

const staticCredential = (token: string) => ({
  getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
});

export function adoClient(access: SimAccess, organization: string, project: string): AzureDevOpsClient {
  return new AzureDevOpsClient({
    organization,
    project,
    credential: { pat: access.tokens.azureDevOps },
    releaseUrl: access.urls.azureDevOpsRelease,
    buildUrl: access.urls.azureDevOpsBuild,
    ca: access.ca,
  });
}

export async function weeklyIssues(estate: Estate, github: GitHubClient): Promise<Section> {
  const [owner, repo] = estate.team.issueRepository.split('/') as [string, string];
  const issues = await github.paginate(github.rest.issues.listForRepo, {
    owner,
    repo,
    labels: estate.team.labels.join(','),
    state: 'all',
    per_page: 100,
  });
  const rows = issues
    .filter((i) => !i.pull_request)
    .map((i) => {
      const body = i.body ?? '';
      const open = (body.match(/^\s*[-*] \[ \]/gm) ?? []).length;
      const done = (body.match(/^\s*[-*] \[[xX]\]/gm) ?? []).length;
      return [`#${i.number}`, i.title, i.state, `${done} done, ${open} open`];
    });
  return {
    title: `Weekly issues in ${estate.team.issueRepository}`,
    header: ['issue', 'title', 'state', 'checklist'],
    rows,
  };
}

export async function gates(estate: Estate, github: GitHubClient, access: SimAccess): Promise<Section> {
  const rows: string[][] = [];
  for (const component of estate.components) {
    for (const [envId, env] of Object.entries(component.environments)) {
      const deployer = env.deployer;
      if (deployer.kind === 'ado-release') {
        const ado = adoClient(access, deployer.organization, deployer.project);
        for await (const approval of ado.approvals({ statusFilter: 'pending', typeFilter: 'all' })) {
          // The approvals API cannot filter by definition: pnd filters client-side.
          if (approval.releaseDefinition.id !== deployer.definitionId) continue;
          if (approval.releaseEnvironment.name !== deployer.environmentName) continue;
          rows.push([
            component.name,
            envId,
            `${approval.release.name ?? approval.release.id}`,
            `${approval.approvalType} approval pending`,
            approval.createdOn?.slice(0, 16).replace('T', ' ') ?? '',
          ]);
        }
      } else {
        const [owner, repo] = deployer.repository.split('/') as [string, string];
        if (deployer.draftRelease) {
          const releases = await github.paginate(github.rest.repos.listReleases, {
            owner,
            repo,
            per_page: 100,
          });
          for (const draft of releases.filter((r) => r.draft)) {
            rows.push([
              component.name,
              envId,
              draft.tag_name,
              'draft release to publish',
              draft.created_at.slice(0, 16).replace('T', ' '),
            ]);
          }
        }
        const runs = await github.rest.actions.listWorkflowRuns({
          owner,
          repo,
          workflow_id: deployer.workflow,
          status: 'waiting',
        });
        for (const run of runs.data.workflow_runs) {
          const pending = await github.rest.actions.getPendingDeploymentsForRun({
            owner,
            repo,
            run_id: run.id,
          });
          for (const p of pending.data.filter((d) => d.environment.name === deployer.environment)) {
            rows.push([
              component.name,
              envId,
              `run ${run.run_number} (${run.head_sha.slice(0, 7)})`,
              `waiting on ${p.environment.name}${p.current_user_can_approve ? '' : ' (you cannot approve)'}`,
              run.created_at.slice(0, 16).replace('T', ' '),
            ]);
          }
        }
      }
    }
  }
  return {
    title: 'Deploy gates waiting for a decision',
    header: ['component', 'env', 'version', 'gate', 'since (UTC)'],
    rows,
    note: '`pnd deploy <env>` (next release) applies the soak policy to these and opens the gates.',
  };
}

export async function changeFeeds(estate: Estate, access: SimAccess, now: number): Promise<Section> {
  const rows: string[][] = [];
  for (const feed of estate.changeFeeds) {
    const ado = adoClient(access, feed.organization, feed.project);
    const since = new Date(now - parseDuration(feed.lookback)).toISOString();
    let matched = 0;
    for await (const build of ado.builds({
      definitions: [feed.definitionId],
      minTime: since,
      queryOrder: 'finishTimeDescending',
    })) {
      const text = [build.triggerInfo?.['ci.message'] ?? '', ...(build.tags ?? [])].join(' ').toLowerCase();
      const tags = feed.hashtags.filter((h) => text.includes(h.toLowerCase()));
      if (tags.length === 0) continue;
      matched++;
      rows.push([
        feed.id,
        `build ${build.buildNumber}`,
        tags.join(' '),
        build.finishTime?.slice(0, 16).replace('T', ' ') ?? '',
      ]);
    }
    if (matched === 0) rows.push([feed.id, '-', 'no matching builds: APIM deploy not needed', '']);
  }
  return {
    title: 'APIM change feeds (last 7 days)',
    header: ['feed', 'evidence', 'hashtags', 'finished (UTC)'],
    rows,
  };
}

export async function runtime(estate: Estate, access: SimAccess): Promise<Section> {
  const rows: string[][] = [];
  const credential = staticCredential(access.tokens.arm);
  for (const component of estate.components) {
    for (const [envId, env] of Object.entries(component.environments)) {
      for (const check of env.checks) {
        if (check.kind === 'kubernetes-workload') {
          const server = access.urls.kubernetes[check.cluster];
          const token = access.tokens.kubernetes[check.cluster];
          if (!server || !token) continue;
          const { apps } = createKubeClients({ server, token, ca: access.ca, name: check.cluster });
          const ds = await apps.readNamespacedDaemonSet({ name: check.name, namespace: check.namespace });
          const s = ds.status;
          const image = ds.spec?.template.spec?.containers[0]?.image ?? '';
          rows.push([
            component.name,
            envId,
            `DaemonSet ${check.name}`,
            `${s?.updatedNumberScheduled ?? 0}/${s?.desiredNumberScheduled ?? 0} updated, ${s?.numberAvailable ?? 0} available`,
            image.split(':').pop() ?? '',
          ]);
        } else if (check.kind === 'container-app') {
          const client = createContainerAppsClient(check.subscriptionId, {
            endpoint: access.urls.arm,
            credential,
            ca: access.ca,
          });
          const app = await client.containerApps.get(check.resourceGroup, check.name);
          rows.push([
            component.name,
            envId,
            `Container App ${check.name}`,
            `${app.provisioningState}, ${app.runningStatus ?? ''}, revision ${app.latestReadyRevisionName ?? '?'}`,
            short((app.template?.containers?.[0]?.image ?? '').split(':').pop() ?? ''),
          ]);
        } else {
          const client = createWebSiteClient(check.subscriptionId, {
            endpoint: access.urls.arm,
            credential,
            ca: access.ca,
          });
          let active: { status?: number; message?: string } | undefined;
          for await (const d of client.webApps.listDeployments(check.resourceGroup, check.name))
            if (d.active) active = d;
          const status =
            ['Pending', 'Building', 'Deploying', 'Failed', 'Success', 'Complete'][active?.status ?? -1] ??
            'none';
          rows.push([
            component.name,
            envId,
            `Function App ${check.name}`,
            `active deployment: ${status}`,
            deployedVersion(active?.message),
          ]);
        }
      }
    }
  }
  return { title: 'What runs where', header: ['component', 'env', 'resource', 'state', 'version'], rows };
}

export async function patchDay(estate: Estate, github: GitHubClient): Promise<Section> {
  const rows: string[][] = [];
  const bots = new Set(estate.patchDay?.bots ?? []);
  for (const full of estate.patchDay?.repositories ?? []) {
    const [owner, repo] = full.split('/') as [string, string];
    const pulls = await github.paginate(github.rest.pulls.list, {
      owner,
      repo,
      state: 'open',
      per_page: 100,
    });
    for (const pr of pulls.filter((p) => bots.has(p.user?.login ?? ''))) {
      const status = await github.rest.repos.getCombinedStatusForRef({ owner, repo, ref: pr.head.sha });
      const checks = await github.rest.checks.listForRef({ owner, repo, ref: pr.head.sha });
      const conclusions = checks.data.check_runs.map((c) => c.conclusion ?? c.status);
      const ci =
        conclusions.some((c) => c === 'failure' || c === 'timed_out') || status.data.state === 'failure'
          ? 'red'
          : conclusions.some((c) => c === 'in_progress' || c === 'queued') ||
              (status.data.total_count > 0 && status.data.state === 'pending')
            ? 'pending'
            : conclusions.length + status.data.total_count === 0
              ? 'none'
              : 'green';
      rows.push([full, `#${pr.number}`, pr.user?.login ?? '', ci, pr.title]);
    }
  }
  return {
    title: 'Patch day: open dependency-bot PRs',
    header: ['repository', 'PR', 'bot', 'CI', 'title'],
    rows,
    note: '`pnd deps` (a later release) triages these and merges the safe ones.',
  };
}

/** A commit SHA as people quote it. */
function short(version: string): string {
  return /^[0-9a-f]{40}$/.test(version) ? version.slice(0, 7) : version;
}

/** Deployments from GitHub Actions carry a JSON message with the commit; others a plain text. */
function deployedVersion(message: string | undefined): string {
  if (!message) return '';
  try {
    const parsed = JSON.parse(message) as { sha?: unknown };
    if (typeof parsed.sha === 'string') return short(parsed.sha);
  } catch {
    // not JSON: a manual deployment's message
  }
  return message.length > 40 ? `${message.slice(0, 39)}…` : message;
}
