/**
 * The reference for pnd's rendering: the libraries create-an-issue v2 runs, at the versions it pins
 * (nunjucks 3.2.3, nunjucks-date-filter 0.1.1 on moment 2.29.4, front-matter 4.0.2), installed as
 * test-only aliases, with create-an-issue's own glue transcribed below. Tests only.
 *
 * Glue transcribed from https://github.com/JasonEtco/create-an-issue/blob/main/src/action.ts and
 * src/helpers.ts, and the context from actions-toolkit 6.0.1's lib/context.js.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface NunjucksEnvironment {
  addFilter(name: string, filter: (...args: unknown[]) => unknown): void;
  renderString(source: unknown, context: object): string;
}
interface FrontMatterResult {
  attributes: Record<string, unknown>;
  body: string;
}

const nunjucks = require('ref-nunjucks') as { configure(options: object): NunjucksEnvironment };
const dateFilter = require('ref-nunjucks-date-filter') as (...args: unknown[]) => unknown;
const fm = require('ref-front-matter') as (text: string) => FrontMatterResult;

const requireFromDateFilter = createRequire(require.resolve('ref-nunjucks-date-filter'));
const requireFromFrontMatter = createRequire(require.resolve('ref-front-matter'));

/** The versions the reference really runs, read from the modules each library resolves. */
export const referenceVersions = {
  nunjucks: (require('ref-nunjucks/package.json') as { version: string }).version,
  nunjucksDateFilter: (require('ref-nunjucks-date-filter/package.json') as { version: string }).version,
  momentOfDateFilter: (requireFromDateFilter('moment') as { version: string }).version,
  frontMatter: (require('ref-front-matter/package.json') as { version: string }).version,
  jsYamlOfFrontMatter: (requireFromFrontMatter('js-yaml/package.json') as { version: string }).version,
};

/** actions-toolkit 6.0.1 Context: own fields in this order, `repo` a prototype getter. */
class ToolkitContext {
  payload: unknown;
  event: string | undefined;
  sha: string | undefined;
  ref: string | undefined;
  workflow: string | undefined;
  action: string | undefined;
  actor: string | undefined;
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv, payload: unknown) {
    // The toolkit requires GITHUB_EVENT_PATH (a JSON file) when set, else {}.
    this.payload = env.GITHUB_EVENT_PATH ? payload : {};
    this.event = env.GITHUB_EVENT_NAME;
    this.sha = env.GITHUB_SHA;
    this.ref = env.GITHUB_REF;
    this.workflow = env.GITHUB_WORKFLOW;
    this.action = env.GITHUB_ACTION;
    this.actor = env.GITHUB_ACTOR;
    this.#env = env;
  }

  get repo(): { owner: string | undefined; repo: string | undefined } {
    if (this.#env.GITHUB_REPOSITORY) {
      const [owner, repo] = this.#env.GITHUB_REPOSITORY.split('/');
      return { owner, repo };
    }
    const repository = (this.payload as { repository?: { name: string; owner: { login: string } } })
      .repository;
    if (repository) return { owner: repository.owner.login, repo: repository.name };
    throw new Error("context.repo requires a GITHUB_REPOSITORY environment variable like 'owner/repo'");
  }
}

function listToArray(list?: string[] | string): string[] {
  if (!list) return [];
  return Array.isArray(list) ? list : list.split(', ');
}

let environment: NunjucksEnvironment | undefined;

export interface ReferenceIssue {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  milestone: number | null;
}

/** What create-an-issue would send to GitHub for this file, milestone `undefined` shown as null. */
export function referenceRender(
  file: string,
  options: { env: NodeJS.ProcessEnv; now: number; payload?: unknown },
): ReferenceIssue {
  if (environment === undefined) {
    environment = nunjucks.configure({ autoescape: false });
    environment.addFilter('date', dateFilter);
  }
  const context = new ToolkitContext(options.env, options.payload ?? {});
  // `{ ...tools.context }` copies the own fields; the class's private field is not one of them.
  const templateVariables = {
    ...context,
    repo: context.repo,
    env: options.env,
    date: options.now,
  };
  const { attributes, body } = fm(file);
  const templated = {
    body: environment.renderString(body, templateVariables),
    title: environment.renderString(attributes.title, templateVariables),
  };
  return {
    title: templated.title,
    body: templated.body,
    labels: listToArray(attributes.labels as string[] | string | undefined),
    assignees: listToArray(attributes.assignees as string[] | string | undefined),
    milestone: Number(attributes.milestone) || null,
  };
}
