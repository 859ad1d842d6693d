import { EXIT } from '../core/errors.ts';
import type { ComponentPlan, DeployDayResult, DeployPlan } from '../train/deploy/model.ts';
import { paint } from './output.ts';
import { renderTable } from './table.ts';

/** The plan and the result of a deploy day, as tables for people and as documented JSON. */

function gate(plan: ComponentPlan): string {
  const chosen = plan.decision.chosen;
  if (!chosen)
    return plan.running ? `nothing waiting (runs ${plan.running.version.label})` : 'nothing waiting';
  return chosen.blockedReason ? 'waiting (you cannot approve)' : 'waiting';
}

function verdict(plan: ComponentPlan): string {
  switch (plan.decision.status) {
    case 'ok':
      return plan.resumed ? 'resumed' : 'ok';
    case 'overridden':
      return paint('yellow', 'overridden');
    case 'blocked':
      return paint('red', 'blocked');
    default:
      return '-';
  }
}

export function planTable(plan: DeployPlan): string {
  const rows = plan.components.map((c) => [
    c.component.name,
    c.decision.chosen?.version.label ?? '-',
    gate(c),
    verdict(c),
    c.actions.join(', ') || '-',
  ]);
  const lines = [
    paint('bold', `Deploy to ${plan.env.name}, ${plan.week}`),
    renderTable(['component', 'version', 'gate', 'policy', 'action'], rows),
  ];
  for (const c of plan.components) {
    if (c.decision.status === 'blocked' || c.decision.status === 'overridden')
      lines.push(`${c.component.name}: ${c.decision.reasons.join('; ')}`);
    if (c.decision.superseded.length > 0)
      lines.push(
        `${c.component.name}: superseded, not approved: ${c.decision.superseded.map((s) => s.version.label).join(', ')}`,
      );
  }
  for (const feed of plan.feeds) {
    lines.push(
      feed.needed
        ? `${feed.name} (${feed.id}): ${paint('yellow', 'deploy needed')} — ${feed.changes.map((x) => `${x.label} (${x.hashtags.join(' ')})`).join(', ')}`
        : `${feed.name} (${feed.id}): not needed (no build since ${feed.since.slice(0, 10)} mentions the hashtags)`,
    );
  }
  return lines.join('\n');
}

export function resultTable(result: DeployDayResult): string {
  const rows = result.components.map((c) => [
    c.component.name,
    c.version?.label ?? '-',
    c.outcome === 'deployed'
      ? paint('green', c.outcome)
      : c.outcome === 'failed'
        ? paint('red', c.outcome)
        : c.outcome,
    c.detail,
  ]);
  const where = result.issue
    ? `\nWeekly issue: ${result.issue.url}`
    : `\nNo weekly issue for ${result.plan.week} was found: nothing was ticked or commented (the journal has it all; \`pnd issue create\` makes the issue).`;
  const warnings = allWarnings(result).map((w) => `${paint('yellow', 'warning')} ${w}`);
  return `${renderTable(['component', 'version', 'outcome', 'detail'], rows)}${where}${warnings.length > 0 ? `\n${warnings.join('\n')}` : ''}`;
}

/** Writes to the weekly issue that failed; the outcomes stand and a rerun writes them. */
function allWarnings(result: DeployDayResult): string[] {
  return [
    ...result.components.flatMap((c) => (c.warnings ?? []).map((w) => `${c.component.name}: ${w}`)),
    ...(result.warnings ?? []),
  ];
}

/** `pnd deploy --json`: one object (documented in docs/deploy-day.md). */
export function deployResultJson(result: DeployDayResult, dryRun: boolean): unknown {
  // schema/deploy.schema.json (src/cli/output-schemas.ts).
  return {
    schemaVersion: 1,
    env: result.plan.env.id,
    week: result.plan.week,
    dryRun,
    runId: result.runId,
    issue: result.issue ?? null,
    components: result.components.map((c) => {
      const plan = result.plan.components.find((p) => p.component.id === c.component.id);
      return {
        component: c.component.id,
        step: c.step,
        outcome: c.outcome,
        version: c.version ?? null,
        policy: plan?.decision.status ?? null,
        reasons: plan?.decision.reasons ?? [],
        superseded: plan?.decision.superseded.map((s) => s.version) ?? [],
        running: plan?.running?.version ?? null,
        actions: c.actions.map((a) => ({ ...a, resumed: a.resumed ?? false })),
        detail: c.detail,
        // Only the documented fields: a resumed run's verdict comes from the journal with more.
        verification: c.verification
          ? {
              status: c.verification.status,
              reason: c.verification.reason,
              gate: c.verification.gate,
              checks: c.verification.checks,
            }
          : null,
        warnings: c.warnings ?? [],
      };
    }),
    changeFeeds: result.feeds.map((f) => ({
      id: f.id,
      step: f.step,
      needed: f.needed,
      since: f.since,
      changes: f.changes,
    })),
    warnings: result.warnings ?? [],
  };
}

/** The documented exit code of a deploy day (docs/deploy-day.md, "Exit codes"). */
export function deployExitCode(result: DeployDayResult, dryRun: boolean): number {
  if (!dryRun && !result.confirmed) return EXIT.failed;
  const outcomes = result.components.map((c) => c.outcome);
  if (outcomes.some((o) => o === 'failed' || o === 'unhealthy')) return EXIT.failed;
  if (outcomes.some((o) => o === 'timed-out')) return EXIT.timedOut;
  if (outcomes.some((o) => o === 'blocked' || o === 'needs-person')) return EXIT.blockedByPolicy;
  // Deployed and verified, but the evidence is missing from the weekly issue: not a clean day.
  if (allWarnings(result).length > 0) return EXIT.failed;
  return EXIT.ok;
}
