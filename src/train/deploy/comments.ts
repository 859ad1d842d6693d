import type { DeployProgress } from '../../capabilities/deployer.ts';
import type { ComponentOutcome, ComponentPlan, DeployTarget, FeedPlan, NamedRef } from './model.ts';

/**
 * The evidence comments pnd posts on the weekly issue: short for people, with the facts folded
 * underneath. Plain Markdown, no secrets (only what the vendors' APIs answered).
 */

const HEADLINE: Record<ComponentOutcome, string> = {
  deployed: '✅ deployed',
  failed: '❌ deploy failed',
  'timed-out': '⏳ deploy did not finish in time',
  blocked: '⛔ not promoted (soak policy)',
  'needs-person': '✋ needs a person',
  'nothing-waiting': 'nothing waiting',
  planned: 'planned',
  verified: '✅ deployed and verified',
  unhealthy: '❌ deployed, verification failed',
};

export function deployComment(input: {
  target: DeployTarget;
  plan: ComponentPlan;
  outcome: ComponentOutcome;
  detail: string;
  progress?: DeployProgress;
  override?: string;
  actions?: { action: string; target: string; outcome: string }[];
}): string {
  const { target, plan, outcome } = input;
  const chosen = plan.decision.chosen;
  const lines = [
    `### ${target.component.name} → ${target.env.name}: ${HEADLINE[outcome]}`,
    '',
    chosen ? `**Version:** ${chosen.version.label}${chosen.url ? ` ([open](${chosen.url}))` : ''}` : '',
    `**Result:** ${input.detail}`,
  ];
  // Says which vendor gate was really opened, not only the pnd environment it stands for.
  if (target.gate && chosen) lines.push(`**Gate:** ${target.gate}`);
  if (input.override) lines.push(`**Soak policy overridden:** ${input.override}`);
  if (plan.decision.reasons.length > 0 && outcome !== 'deployed')
    lines.push('', ...plan.decision.reasons.map((r) => `- ${r}`));
  else if (plan.decision.reasons.length > 0) lines.push(`**Policy:** ${plan.decision.reasons.join('; ')}`);
  if (plan.decision.superseded.length > 0)
    lines.push(
      `**Superseded, not approved:** ${plan.decision.superseded.map((c) => c.version.label).join(', ')}`,
    );
  if (input.actions && input.actions.length > 0)
    lines.push(
      '',
      ...input.actions.map(
        (a) => `- ${a.action} ${a.target}: ${a.outcome === 'done' ? 'done by pnd' : 'already done'}`,
      ),
    );
  if (input.progress) {
    lines.push(
      '',
      '<details><summary>Evidence</summary>',
      '',
      '```json',
      JSON.stringify(input.progress.evidence, null, 2),
      '```',
      '',
      '</details>',
    );
  }
  return lines.filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== '')).join('\n');
}

export function feedComment(feed: FeedPlan, env: NamedRef): string {
  if (!feed.needed)
    return `### ${feed.name} (${feed.id}) before ${env.name}: not needed\n\nNo build since ${feed.since} mentions the components' hashtags.`;
  return [
    `### ${feed.name} (${feed.id}) before ${env.name}: deploy needed`,
    '',
    `Builds since ${feed.since} that mention the components' hashtags:`,
    '',
    ...feed.changes.map(
      (c) => `- [${c.label}](${c.url ?? ''}) ${c.at}: ${c.message} (${c.hashtags.join(' ')})`,
    ),
  ].join('\n');
}
