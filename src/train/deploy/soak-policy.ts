import { localMidnightUtc } from '../../core/local-date.ts';
import type { Candidate, Deployment } from '../../capabilities/deployer.ts';

/**
 * The promotion rule (DESIGN.md §3): a candidate for an environment with a soak policy must be
 * the version that reached the upstream environment at least `minimum` ago, must still be the
 * version running there, and must have passed verification there. Of several waiting candidates
 * the newest that satisfies the rule is taken; the others are superseded and never approved.
 */
export interface SoakRule {
  upstream: string;
  upstreamName: string;
  minimumMs: number;
  requireVerified: boolean;
}

export type VerificationOnRecord = { status: 'pass' | 'fail'; at: string; reason?: string } | undefined;

export interface PolicyInput {
  /** Waiting at this environment's gate, newest first. */
  candidates: Candidate[];
  rule?: SoakRule;
  /** Successful deploys upstream, newest first. */
  upstream?: Deployment[];
  /** What runs in this environment now: candidates older than it are never taken. */
  running?: Deployment;
  /** The journal's last verification of a version upstream. */
  verification: (versionId: string) => VerificationOnRecord;
  now: number;
  timeZone: string;
  override?: string;
}

export interface CandidateVerdict {
  candidate: Candidate;
  ok: boolean;
  reasons: string[];
  reachedUpstreamAt?: string;
}

export interface PolicyDecision {
  status: 'ok' | 'blocked' | 'overridden' | 'nothing-waiting';
  chosen?: Candidate;
  superseded: Candidate[];
  /** Why the chosen one passes, or why none does. */
  reasons: string[];
  verdicts: CandidateVerdict[];
}

const DAY = 86_400_000;

export function decidePromotion(input: PolicyInput): PolicyDecision {
  const { rule, running } = input;
  // Approving an older release after a newer one deployed would roll the environment back.
  const older = running
    ? input.candidates.filter((c) => Date.parse(c.createdAt) < Date.parse(running.versionCreatedAt))
    : [];
  const candidates = input.candidates.filter((c) => !older.includes(c));
  if (candidates.length === 0) {
    return {
      status: 'nothing-waiting',
      superseded: older,
      reasons: older.map(
        (c) => `${c.version.label} is older than ${running?.version.label}, which runs here already`,
      ),
      verdicts: [],
    };
  }
  if (older.length > 0) {
    const decision = decidePromotion({ ...input, candidates, running: undefined });
    return { ...decision, superseded: [...decision.superseded, ...older] };
  }
  if (!rule) {
    const [chosen, ...older] = candidates as [Candidate, ...Candidate[]];
    return {
      status: 'ok',
      chosen,
      superseded: older,
      reasons: ['no soak policy: the newest waiting version is taken'],
      verdicts: candidates.map((candidate, i) => ({ candidate, ok: i === 0, reasons: [] })),
    };
  }
  const verdicts = candidates.map((candidate) => judge(candidate, rule, input));
  const passing = verdicts.find((v) => v.ok);
  if (passing) {
    return {
      status: 'ok',
      chosen: passing.candidate,
      superseded: candidates.filter((c) => c !== passing.candidate),
      reasons: passing.reasons,
      verdicts,
    };
  }
  const newest = verdicts[0] as CandidateVerdict;
  if (input.override) {
    // The person takes responsibility: the newest version that at least reached upstream.
    const taken = verdicts.find((v) => v.reachedUpstreamAt) ?? newest;
    return {
      status: 'overridden',
      chosen: taken.candidate,
      superseded: candidates.filter((c) => c !== taken.candidate),
      reasons: [...taken.reasons, `overridden: ${input.override}`],
      verdicts,
    };
  }
  return {
    status: 'blocked',
    superseded: candidates.slice(1),
    reasons: [...newest.reasons, ...whyNotRunning(input, rule)],
    verdicts,
  };
}

/** What runs upstream and why it is not the candidate: usually the answer a person needs. */
function whyNotRunning(input: PolicyInput, rule: SoakRule): string[] {
  const running = input.upstream?.[0];
  if (!running || input.candidates.some((c) => c.version.id === running.version.id)) return [];
  const record = input.verification(running.version.id);
  const because =
    record?.status === 'fail'
      ? `: its verification in ${rule.upstreamName} failed${record.reason ? `: ${record.reason}` : ''}`
      : running.postDeployApproved || record?.status === 'pass'
        ? ''
        : ` (its ${rule.upstreamName} post-deployment gate is not passed)`;
  return [
    `${running.version.label}, which runs in ${rule.upstreamName}, does not wait for this environment${because}`,
  ];
}

function judge(candidate: Candidate, rule: SoakRule, input: PolicyInput): CandidateVerdict {
  const upstream = input.upstream ?? [];
  const reasons: string[] = [];
  const label = candidate.version.label;
  const reached = upstream
    .filter((d) => d.version.id === candidate.version.id)
    .sort((a, b) => Date.parse(a.deployedAt) - Date.parse(b.deployedAt))[0];
  if (!reached) {
    reasons.push(`${label} never reached ${rule.upstreamName}`);
    return { candidate, ok: false, reasons };
  }
  const soaked = soakedFor(Date.parse(reached.deployedAt), input.now, rule.minimumMs, input.timeZone);
  if (!soaked.ok)
    reasons.push(
      `${label} has been in ${rule.upstreamName} ${soaked.elapsed} of the required ${soaked.required}`,
    );
  const running = upstream[0];
  if (running && running.version.id !== candidate.version.id)
    reasons.push(`${rule.upstreamName} runs ${running.version.label} now, not ${label}`);
  if (rule.requireVerified) {
    const record = input.verification(candidate.version.id);
    const approved = upstream.some((d) => d.version.id === candidate.version.id && d.postDeployApproved);
    if (record?.status === 'fail' && !approved)
      reasons.push(
        `its verification in ${rule.upstreamName} failed${record.reason ? `: ${record.reason}` : ''}`,
      );
    else if (record?.status !== 'pass' && !approved)
      reasons.push(
        `no passed verification of ${label} in ${rule.upstreamName} is on record (no post-deployment approval, no \`pnd verify ${rule.upstream}\`)`,
      );
  }
  const ok = reasons.length === 0;
  if (ok)
    reasons.push(
      `in ${rule.upstreamName} since ${reached.deployedAt} (${soaked.elapsed}), still running there${rule.requireVerified ? ', verified' : ''}`,
    );
  return { candidate, ok, reasons, reachedUpstreamAt: reached.deployedAt };
}

/**
 * Whole days are calendar days in the team's time zone: "6d" means deployed upstream on Wednesday
 * may go on Tuesday, whatever the hour — the train's rhythm, not 144 hours (a Wednesday-noon Staging
 * deploy is 141 hours before Tuesday 09:00). Anything else is exact elapsed time.
 */
export function soakedFor(
  since: number,
  now: number,
  minimumMs: number,
  timeZone: string,
): { ok: boolean; elapsed: string; required: string } {
  if (minimumMs % DAY === 0) {
    const days = calendarDay(now, timeZone) - calendarDay(since, timeZone);
    const required = minimumMs / DAY;
    return {
      ok: days >= required,
      elapsed: `${days} day${days === 1 ? '' : 's'}`,
      required: `${required} days`,
    };
  }
  const elapsed = now - since;
  return { ok: elapsed >= minimumMs, elapsed: hours(elapsed), required: hours(minimumMs) };
}

function calendarDay(instant: number, timeZone: string): number {
  return localMidnightUtc(instant, timeZone) / DAY;
}

function hours(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  return h >= 24 ? `${Math.floor(h / 24)}d ${h % 24}h` : `${h}h ${Math.floor((ms % 3_600_000) / 60_000)}m`;
}
