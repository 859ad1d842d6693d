import type { Journal } from '../../journal/index.ts';
import type { Candidate, Deployment } from '../../capabilities/deployer.ts';
import { verificationsOf } from '../verification-record.ts';
import type {
  ComponentPlan,
  DeployDayRequest,
  DeployPlan,
  DeployTarget,
  FeedPlan,
  VerificationResult,
} from './model.ts';
import { decidePromotion } from './soak-policy.ts';

/**
 * Gather (every read in parallel: per component what waits, what runs, what ran upstream; per
 * feed its changes) and decide. Reads only: the same plan comes out of a dry run and a real one.
 */
export async function gatherPlan(request: DeployDayRequest): Promise<DeployPlan> {
  const now = request.clock.now();
  const [components, feeds] = await Promise.all([
    Promise.all(request.targets.map((target) => planComponent(request, target, now))),
    Promise.all(
      request.feeds.map(async (feed): Promise<FeedPlan> => {
        const since = now - feed.lookbackMs;
        const changes = await feed.reader.changes(since);
        return {
          id: feed.id,
          name: feed.name,
          step: feed.step,
          needed: changes.length > 0,
          changes,
          since: new Date(since).toISOString(),
        };
      }),
    ),
  ]);
  return { env: request.env, week: request.week, components, feeds };
}

async function planComponent(
  request: DeployDayRequest,
  target: DeployTarget,
  now: number,
): Promise<ComponentPlan> {
  if (request.postDeployOnly) return verifyOnlyPlan(target, await target.deployer.deployments());
  const [waiting, here, upstream] = await Promise.all([
    target.deployer.waiting(),
    target.deployer.deployments(),
    target.upstream ? target.upstream.deployer.deployments() : Promise.resolve(undefined),
  ]);
  const inFlight = await inFlightCandidate(request.journal, request.week, target);
  let candidates = waiting;
  let resumed = false;
  if (inFlight) {
    // This week's earlier run chose it and stopped before the end: finish that, not something new.
    candidates = [inFlight, ...waiting.filter((c) => c.version.id !== inFlight.version.id)];
    resumed = true;
  }
  const verifications = target.upstream
    ? await verificationsOf(request.journal, target.component.id, target.upstream.rule.upstream, [
        ...candidates.map((c) => c.version.id),
        ...(upstream?.[0] ? [upstream[0].version.id] : []),
      ])
    : new Map<string, undefined>();
  const decision = resumed
    ? {
        status: 'ok' as const,
        chosen: inFlight as Candidate,
        superseded: candidates.slice(1),
        reasons: ['resumed: an earlier run of this week opened this gate'],
        verdicts: [],
      }
    : decidePromotion({
        candidates,
        running: here[0],
        rule: target.upstream?.rule,
        upstream,
        verification: (versionId) => verifications.get(versionId),
        now,
        timeZone: request.timeZone,
        override: request.override,
      });
  const chosen = decision.chosen;
  const earlier = chosen
    ? undefined
    : await earlierDeploy(request.journal, request.week, target, here[0]?.version.id);
  return {
    ...(earlier ? { earlier } : {}),
    component: target.component,
    env: target.env,
    step: target.step,
    running: here[0],
    decision,
    resumed,
    ...(resumed ? { startedAt: await firstPlanAt(request.journal, request.week, target) } : {}),
    actions: chosen ? [...chosen.steps, `watch the ${target.env.name} deploy`] : [],
  };
}

export function planKey(week: string, target: { component: { id: string }; env: { id: string } }): string {
  return `deploy:${week}:${target.env.id}:${target.component.id}`;
}

/** The candidate this week's last run acted on, unless that run recorded the component's end. */
async function inFlightCandidate(
  journal: Journal,
  week: string,
  target: DeployTarget,
): Promise<Candidate | undefined> {
  const entries = await journal.entries({ key: planKey(week, target), kind: 'evidence' });
  const last = entries.at(-1);
  if (!last || last.action !== 'deploy-plan') return undefined;
  return (last.data as { candidate: Candidate }).candidate;
}

/** When this week's first run began on the component: restarts and deployments before do not count. */
async function firstPlanAt(
  journal: Journal,
  week: string,
  target: DeployTarget,
): Promise<number | undefined> {
  const entries = await journal.entries({ key: planKey(week, target), kind: 'evidence' });
  const first = entries.find((e) => e.action === 'deploy-plan');
  return first ? Date.parse(first.at) : undefined;
}

/** The deploy this week's earlier run finished for this component, if that version still runs. */
async function earlierDeploy(
  journal: Journal,
  week: string,
  target: DeployTarget,
  runningId: string | undefined,
): Promise<ComponentPlan['earlier']> {
  const entries = await journal.entries({ key: planKey(week, target), kind: 'evidence' });
  const outcome = entries.findLast((e) => e.action === 'deploy-outcome');
  if (!outcome) return undefined;
  const data = outcome.data as { outcome: string; version?: Candidate['version']; detail: string };
  if (data.outcome !== 'deployed' || !data.version || data.version.id !== runningId) return undefined;
  const started = entries.find((e) => e.action === 'deploy-plan');
  const verification = entries.findLast((e) => e.action === 'post-deploy-outcome' && e.id > outcome.id);
  return {
    version: data.version,
    at: outcome.at,
    detail: data.detail,
    startedAt: Date.parse(started?.at ?? outcome.at),
    verified: entries.some((e) => e.action === 'post-deploy-outcome' && e.id > outcome.id),
    ...(verification ? { verification: verification.data as VerificationResult } : {}),
  };
}

/** `pnd post-deploy`: no gate is opened; the version running now is verified and post-deployed. */
function verifyOnlyPlan(target: DeployTarget, here: Deployment[]): ComponentPlan {
  const running = here[0];
  return {
    component: target.component,
    env: target.env,
    step: target.step,
    ...(running ? { running } : {}),
    decision: {
      status: 'nothing-waiting',
      superseded: [],
      reasons: running ? [] : [`nothing has been deployed to ${target.env.name}`],
      verdicts: [],
    },
    resumed: false,
    actions: running ? [`verify ${running.version.label} through the dwell`, 'post-deploy gate'] : [],
    ...(running
      ? {
          earlier: {
            version: running.version,
            at: running.deployedAt,
            detail: `runs in ${target.env.name} since ${running.deployedAt}`,

            verified: false,
          },
        }
      : {}),
  };
}
