import { runInThisContext } from 'node:vm';
import type nunjucks from 'nunjucks';
import nunjucksCompilerModule from 'nunjucks/src/compiler.js';
import nunjucksEnvironmentModule from 'nunjucks/src/environment.js';
import nunjucksLibModule from 'nunjucks/src/lib.js';
import type { ConfigProblem } from '../config/problems.ts';
import { PndError } from '../core/errors.ts';
import { readAttributes } from './attributes.ts';
import { templateContext, type ActionsContext } from './context.ts';
import { dateFilter } from './date-filter.ts';
import { escapeFilter, forceEscapeFilter } from './escape-filter.ts';
import { bodyOffsetToFile, locate, splitFrontMatter, type FrontMatter } from './front-matter.ts';
import { describeWeekDifferences, hasYearToken, localeWeekUses, type TemplateWarning } from './lints.ts';
import { readNunjucksError } from './nunjucks-errors.ts';

export interface RenderOptions {
  /** Shown in errors and warnings as file:line:col. */
  file: string;
  /** Now, in epoch milliseconds: the template's `date`. */
  now: number;
  env: NodeJS.ProcessEnv;
  /** The Actions context; by default from the GITHUB_* variables of `env`, with an empty payload. */
  actionsContext?: ActionsContext;
}

export interface RenderedIssue {
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  milestone: number | null;
  warnings: TemplateWarning[];
}

const { Environment, Template } = nunjucksEnvironmentModule;
const { compile } = nunjucksCompilerModule;
const { _prettifyError: prettifyError } = nunjucksLibModule;

let environment: nunjucks.Environment | undefined;

/**
 * create-an-issue's `nunjucks.configure({ autoescape: false })` plus the date filter, without its
 * file-system loader: pnd renders from text and never reads files a template names. The escape
 * filters are nunjucks 3.2.3's, the version create-an-issue runs (see escape-filter.ts).
 */
function nunjucksEnvironment(): nunjucks.Environment {
  if (environment === undefined) {
    environment = new Environment([], { autoescape: false });
    environment.addFilter('date', dateFilter);
    environment.addFilter('escape', escapeFilter);
    environment.addFilter('e', escapeFilter);
    environment.addFilter('forceescape', forceEscapeFilter);
  }
  return environment;
}

/**
 * `new Template(text, environment, undefined, true)`, except that the compiled code is loaded with
 * `vm.runInThisContext` instead of nunjucks' `new Function`: the sandbox runs with code generation
 * from strings disallowed, so a template that reaches the Function constructor
 * (`range.constructor("...")`) cannot turn text into code, while the template itself still loads.
 * Same compiler, same code, same errors.
 */
function compileTemplate(text: string, env: nunjucks.Environment): nunjucks.Template {
  let props: unknown;
  try {
    const internals = env as unknown as { asyncFilters: string[]; extensionsList: unknown[]; opts: object };
    const code = compile(text, internals.asyncFilters, internals.extensionsList, undefined, internals.opts);
    props = (runInThisContext(`(function () {\n${code}\n})`) as () => unknown)();
  } catch (error) {
    throw prettifyError(undefined, false, error);
  }
  // nunjucks takes precompiled code as { type: 'code', obj }; @types/nunjucks only declares text.
  const FromCode = Template as unknown as new (
    src: { type: 'code'; obj: unknown },
    env: nunjucks.Environment,
    path: undefined,
    eagerCompile: boolean,
  ) => nunjucks.Template;
  return new FromCode({ type: 'code', obj: props }, env, undefined, true);
}

const CODE_GENERATION = /Code generation from strings disallowed/;

interface Source {
  path: 'title' | 'body';
  text: string;
  /** File offset of an offset in `text`. */
  toFile: (offset: number) => number;
}

function renderSource(source: Source, context: object, file: string, front: FrontMatter) {
  // Text with no tag opener is its own output; skipping nunjucks for it saves a cold compile.
  if (!/\{[{%#]/.test(source.text)) return { output: source.text };
  let phase: 'compile' | 'render' = 'compile';
  try {
    const template = compileTemplate(source.text, nunjucksEnvironment());
    phase = 'render';
    return { output: template.render(context) };
  } catch (error) {
    const failure = readNunjucksError(error, source.text, phase);
    const problem: ConfigProblem = {
      ...locate(file, front.lines, source.toFile(failure.offset)),
      path: source.path,
      message: CODE_GENERATION.test(failure.message)
        ? 'The template tries to turn text into code (the Function constructor); templates cannot run code.'
        : failure.message,
    };
    return { problem };
  }
}

/** File offset of the title text: where its value starts (the key's line when it cannot be found). */
function titleOffset(front: FrontMatter): number {
  const key = front.keys.get('title');
  return key === undefined ? Math.max(front.yamlStart, 0) : key.valueOffset;
}

function titleSource(front: FrontMatter, fileText: string, title: string): Source {
  const start = titleOffset(front);
  const quoted = fileText[start] === '"' || fileText[start] === "'";
  const singleLine = !title.includes('\n');
  return {
    path: 'title',
    text: title,
    toFile: (offset) => (singleLine ? start + (quoted ? 1 : 0) + offset : start),
  };
}

function lintSource(source: Source, file: string, front: FrontMatter, now: number): TemplateWarning[] {
  const warnings: TemplateWarning[] = [];
  const year = new Date(now).getUTCFullYear();
  for (const use of localeWeekUses(source.text)) {
    warnings.push({
      ...locate(file, front.lines, source.toFile(use.offset)),
      path: source.path,
      message:
        "ww is moment's US-locale week (weeks start on Sunday, week 1 holds 1 January), not the ISO week WW.",
      value: use.token,
      details: [
        describeWeekDifferences(year),
        describeWeekDifferences(year + 1),
        "for the ISO week use WW, with GGGG for its year: date('GGGG-[W]WW')",
      ],
    });
  }
  return warnings;
}

/**
 * Renders an issue template exactly as create-an-issue v2 does (front matter, nunjucks with
 * autoescape off, the date filter in UTC), and lints it. Pure: the file is read by the caller.
 */
export function renderIssueTemplate(text: string, options: RenderOptions): RenderedIssue {
  const { file, now } = options;
  const front = splitFrontMatter(text, file);
  const read = readAttributes(front, file);
  if (read.attributes === undefined) {
    throw new PndError('input-invalid', 'The issue template front matter is not valid.', {
      details: {
        where: read.problems[0]?.where ?? file,
        hint: 'The front matter takes title (required), labels, assignees, milestone, name and about.',
        problems: read.problems,
      },
    });
  }
  const { attributes } = read;
  const context = templateContext(options.env, now, options.actionsContext);
  const body: Source = {
    path: 'body',
    text: front.body,
    toFile: (offset) => bodyOffsetToFile(front, offset),
  };
  const title = titleSource(front, text, attributes.title);
  // create-an-issue renders the body first, then the title.
  const renderedBody = renderSource(body, context, file, front);
  const renderedTitle = renderSource(title, context, file, front);
  const problems = [renderedBody.problem, renderedTitle.problem].filter((p) => p !== undefined);
  if (problems.length > 0 || renderedBody.output === undefined || renderedTitle.output === undefined) {
    throw new PndError('input-invalid', 'The issue template cannot be rendered.', {
      details: {
        where: problems[0]?.where ?? file,
        hint: 'Fix the template expression at that place; nunjucks syntax: https://mozilla.github.io/nunjucks/templating.html',
        problems,
      },
    });
  }
  const warnings = [...lintSource(title, file, front, now), ...lintSource(body, file, front, now)];
  if (!hasYearToken(attributes.title) && !/\d{4}/.test(renderedTitle.output))
    warnings.push({
      ...locate(file, front.lines, title.toFile(0)),
      path: 'title',
      message: 'The title has no year, so it repeats every year; a search by title can find an old issue.',
      value: JSON.stringify(attributes.title),
      details: ["add the week's year, e.g. date('GGGG-[W]WW')"],
    });
  const labelsKey = front.keys.get('labels');
  attributes.labels.forEach((label, index) => {
    if (!label.includes('{{')) return;
    const searchFrom = labelsKey?.valueOffset ?? Math.max(front.yamlStart, 0);
    const found = text.indexOf(label, searchFrom);
    warnings.push({
      ...locate(file, front.lines, found === -1 ? searchFrom : found + label.indexOf('{{')),
      path: `labels[${index}]`,
      message: 'The label contains {{ but labels are not templated: it is used as written.',
      value: JSON.stringify(label),
    });
  });
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return {
    title: renderedTitle.output,
    body: renderedBody.output,
    labels: attributes.labels,
    assignees: attributes.assignees,
    milestone: attributes.milestone,
    warnings,
  };
}
