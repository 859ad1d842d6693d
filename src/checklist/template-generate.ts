import type { Check, Component, Environment, Estate, Weekday } from '../config/schema.ts';
import { stepMarker } from './step-id.ts';
import { changeFeedName, changeFeedStepId, deployStepId, patchStepId, postDeployStepId } from './step-ids.ts';
import {
  changeFeedUrl,
  checkUrl,
  deployerUrl,
  pullRequestsUrl,
  releasesUrl,
  repositoryUrl,
} from './web-links.ts';

/**
 * `pnd template generate`: a create-an-issue template for the estate, shaped like the team's
 * hand-written checklist (the seed team’s checklist) — a section per train day, per environment
 * deploy / change feed check / coffee / post-deploy, patch day per repository — with a step marker on
 * each line pnd can act on. The output depends on the estate only, so regenerating gives the same
 * bytes and the same step ids.
 */

export interface GeneratedTemplate {
  /** The template file: front matter and Markdown body. */
  text: string;
  /** The step ids of the markers, in document order. */
  stepIds: string[];
}

const WEEK_ORDER: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** The ISO week and its year: "2026 W48"; `ww` would be the US-locale week (see DESIGN.md §4). */

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, (char) => `\\${char}`);
}

function link(text: string, url: string): string {
  return `[${linkText(text)}](${url})`;
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function orList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * Text from the config must stay text when the template is rendered: `{{`, `{%` and `{#` would
 * start nunjucks syntax and a stray `#}` is a syntax error, so those characters are emitted
 * through an expression instead.
 */
export function escapeNunjucks(text: string): string {
  return text.replace(/\{(?=[{%#])|#(?=\})/g, (char) => `{{ "${char}" }}`);
}

function yamlSingleQuoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function frontMatter(estate: Estate): string[] {
  const lines = ['---', `title: ${estate.team.issueTitle}`];
  const labels = estate.team.labels;
  // create-an-issue splits a labels string on ", "; a label containing that needs the list form.
  if (labels.some((label) => label.includes(', '))) {
    lines.push('labels:', ...labels.map((label) => `  - ${yamlSingleQuoted(label)}`));
  } else if (labels.length > 0) {
    lines.push(`labels: ${yamlSingleQuoted(labels.join(', '))}`);
  }
  lines.push('---');
  return lines;
}

class Writer {
  readonly lines: string[] = [];
  readonly stepIds: string[] = [];

  task(depth: number, text: string, stepId?: string): void {
    const marker = stepId === undefined ? '' : ` ${stepMarker(stepId)}`;
    if (stepId !== undefined) this.stepIds.push(stepId);
    this.lines.push(`${'  '.repeat(depth)}- [ ] ${text}${marker}`);
  }

  text(...lines: string[]): void {
    this.lines.push(...lines);
  }
}

function checkText(check: Check): string {
  const url = checkUrl(check);
  switch (check.kind) {
    case 'kubernetes-workload':
      return `${check.workloadKind} ${code(`${check.namespace}/${check.name}`)} in ${code(check.cluster)}`;
    case 'container-app':
      return `container app ${url ? link(check.name, url) : code(check.name)} (new revision runs the expected image, provisioned, healthy)`;
    case 'function-app':
      return `function app ${url ? link(check.name, url) : code(check.name)} (latest deployment succeeded)`;
  }
}

function deployLine(estate: Estate, component: Component, environment: Environment): string {
  const { deployer } = component.environments[environment.id] ?? {};
  if (!deployer) return '';
  const name = link(component.name, deployerUrl(estate.endpoints, deployer));
  if (deployer.kind === 'ado-release') {
    return `Deploy ${name} to ${environment.name}: approve the pre-deployment approval of stage ${code(deployer.environmentName)}.`;
  }
  const review = `approve the waiting run’s ${code(deployer.environment)} review`;
  if (deployer.draftRelease) {
    const draft = link('draft release', releasesUrl(estate.endpoints, deployer.repository));
    const title = deployer.draftRelease.nameFromTag ? ' (title = its tag)' : '';
    return `Deploy ${name} to ${environment.name}: publish the ${draft}${title}, then ${review}.`;
  }
  return `Deploy ${name} to ${environment.name}: ${review}.`;
}

function postDeployLine(estate: Estate, component: Component, environment: Environment): string {
  const { deployer, checks = [] } = component.environments[environment.id] ?? {};
  if (!deployer) return '';
  const name = link(component.name, deployerUrl(estate.endpoints, deployer));
  const evidence = checks.length > 0 ? ` after checking ${checks.map(checkText).join(' and ')}` : '';
  // Only classic releases have a post-deployment approval; a workflow deploy is verified only.
  const verb = deployer.kind === 'ado-release' ? 'Post-deploy' : 'Verify';
  return `${verb} ${name} in ${environment.name}${evidence}.`;
}

function soakNote(estate: Estate, environment: Environment): string {
  if (!environment.soak) return '';
  const earlier = estate.environments.find((env) => env.id === environment.soak?.after);
  const verified = environment.soak.requireVerified ? ' and passed its checks there' : '';
  return ` (only what has run in ${earlier?.name ?? environment.soak.after} for at least ${environment.soak.minimum}${verified})`;
}

function deploySection(estate: Estate, environment: Environment, out: Writer): void {
  const components = estate.components.filter((component) => component.environments[environment.id]);
  out.task(0, `Deploy all components to ${environment.name}${soakNote(estate, environment)}.`);
  for (const component of components) {
    out.task(1, deployLine(estate, component, environment), deployStepId(component.id, environment.id));
  }

  const feeds = estate.changeFeeds.filter((feed) => feed.forEnvironment === environment.id);
  if (feeds.length > 0) {
    const names = [...new Set(feeds.map((feed) => escapeNunjucks(changeFeedName(feed))))];
    out.task(0, `Deploy updates to ${orList(names)} (if updated since last deploy).`);
    for (const feed of feeds) {
      const pipeline = link(`pipeline ${feed.definitionId}`, changeFeedUrl(estate.endpoints, feed));
      out.task(
        1,
        `Check ${pipeline} for builds in the last ${feed.lookback} that mention ${orList(feed.hashtags.map(code))}. If there are none, no ${escapeNunjucks(changeFeedName(feed))} deploy is needed.`,
        changeFeedStepId(feed),
      );
    }
  }

  out.task(0, `Go grab a coffee (${environment.dwell}).`);
  out.task(0, `Post-deploy all components in ${environment.name}.`);
  for (const component of components) {
    out.task(
      1,
      postDeployLine(estate, component, environment),
      postDeployStepId(component.id, environment.id),
    );
  }
}

function patchSection(estate: Estate, out: Writer): void {
  const patchDay = estate.patchDay;
  const bots = patchDay ? ` (${patchDay.bots.map(code).join(', ')})` : '';
  out.text(`#### Go through the pull requests of the dependency bots${bots} in every repository.`, '');
  if (!patchDay) {
    out.task(0, 'Go through the dependency bots’ pull requests.');
    return;
  }
  for (const repository of patchDay.repositories) {
    const repo = link(repository, repositoryUrl(estate.endpoints, repository));
    const pulls = link('open pull requests', pullRequestsUrl(estate.endpoints, repository));
    out.task(0, `${repo}: ${pulls}.`, patchStepId(repository));
  }
}

export function generateTemplate(estate: Estate): GeneratedTemplate {
  const out = new Writer();
  out.text(
    `<!-- Written by \`pnd template generate\` from pnd.yaml (team ${estate.team.name}). Lines with a pnd:step marker are steps pnd can run; the others stay manual. -->`,
  );
  for (const day of WEEK_ORDER) {
    const plan = estate.calendar.trainDays[day];
    if (!plan) continue;
    out.text('', `## ${capitalise(day)}`, '');
    const environment = estate.environments.find((env) => env.id === plan.deploy);
    if (environment) deploySection(estate, environment, out);
    if (plan.patch) {
      if (environment) out.text('');
      patchSection(estate, out);
    }
  }
  const body = escapeNunjucks(`${out.lines.join('\n')}\n`);
  return { text: `${frontMatter(estate).join('\n')}\n${body}`, stepIds: out.stepIds };
}
