import type { Estate } from '../config/schema.ts';
import type { Simulator } from '../sim/simulator.ts';
import { createKubeClients } from '../providers/kubernetes/client.ts';
import { adoClient, type Section } from './gather.ts';
import type { SimAccess } from './sim-access.ts';

/**
 * Shows the simulated estate moving on its virtual clock: one TT02 pre-deploy approval is given
 * in the simulator (as a person would in Azure DevOps), then time advances and the release
 * deploys, the DaemonSet rolls pod by pod, and the post-deploy approval opens. `pnd deploy` and
 * `pnd verify` automate exactly this in later releases.
 */
export async function timeMoves(estate: Estate, sim: Simulator, access: SimAccess): Promise<Section> {
  const rows: string[][] = [];
  const component = estate.components.find((c) => c.environments.tt02?.deployer.kind === 'ado-release');
  const env = component?.environments.tt02;
  if (!component || env?.deployer.kind !== 'ado-release') {
    return {
      title: 'Time moves',
      header: ['virtual time', 'what happened'],
      rows: [['', 'no Azure DevOps component in tt02']],
    };
  }
  const deployer = env.deployer;
  const check = env.checks.find((c) => c.kind === 'kubernetes-workload');
  const ado = adoClient(access, deployer.organization, deployer.project);
  const pending = [];
  for await (const a of ado.approvals({ statusFilter: 'pending', typeFilter: 'preDeploy' })) {
    if (
      a.releaseDefinition.id === deployer.definitionId &&
      a.releaseEnvironment.name === deployer.environmentName
    )
      pending.push(a);
  }
  const newest = pending.sort((a, b) => b.release.id - a.release.id)[0];
  const at = () => new Date(sim.clock.now()).toISOString().slice(0, 19).replace('T', ' ');
  if (!newest)
    return {
      title: 'Time moves',
      header: ['virtual time', 'what happened'],
      rows: [[at(), 'nothing waits for TT02']],
    };

  await ado.updateApproval(newest.id, {
    status: 'approved',
    comments: 'Approved in the pnd demo (simulator only).',
  });
  rows.push([
    at(),
    `${component.name}: ${newest.release.name} approved for ${deployer.environmentName} (in the simulator)`,
  ]);

  const kube =
    check?.kind === 'kubernetes-workload' && access.urls.kubernetes[check.cluster]
      ? createKubeClients({
          server: access.urls.kubernetes[check.cluster]!,
          token: access.tokens.kubernetes[check.cluster]!,
          ca: access.ca,
          name: check.cluster,
        })
      : undefined;
  let last = '';
  for (let step = 0; step < 40; step++) {
    sim.clock.advance(30_000);
    const release = await ado.release(newest.release.id);
    const stage = release.environments?.find((e) => e.name === deployer.environmentName);
    let rollout = '';
    if (kube && check?.kind === 'kubernetes-workload') {
      const ds = await kube.apps.readNamespacedDaemonSet({ name: check.name, namespace: check.namespace });
      rollout = `, DaemonSet ${ds.status?.updatedNumberScheduled ?? 0}/${ds.status?.desiredNumberScheduled ?? 0} updated, ${ds.status?.numberAvailable ?? 0} available`;
    }
    const post = stage?.postDeployApprovals?.find((a) => a.status === 'pending');
    const state = `release stage ${stage?.status ?? '?'}${rollout}${post ? ', post-deploy approval pending' : ''}`;
    if (state !== last) rows.push([at(), state]);
    last = state;
    if (post) break;
  }
  return {
    title: 'Time moves: one approval, then the virtual clock runs',
    header: ['virtual time (UTC)', 'what the simulator shows'],
    rows,
    note: 'Minutes of deploy in milliseconds: pnd and the simulator share one virtual clock.',
  };
}
