import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexLines } from '../config/line-index.ts';
import { PndError } from '../core/errors.ts';
import { locate } from './front-matter.ts';
import type { TemplateWarning } from './lints.ts';
import type { RenderedIssue, RenderOptions } from './render.ts';
import { READY, SANDBOX_ARGUMENT, type SandboxAnswer, type SandboxRequest } from './sandbox-serve.ts';
import { envReferences, findCredential, withholdCredentials, type Credential } from './withheld-env.ts';

/**
 * Issue templates are code (nunjucks reaches the Function constructor through any function's
 * `.constructor`), and create-an-issue hands them the whole environment. pnd renders them in a
 * process that can do no harm:
 * - it never holds a secret: its environment is only TZ and the locale variables, and the template's `env` is the caller's
 *   without credential variables (withheld-env.ts);
 * - code generation from strings is off (`--disallow-code-generation-from-strings`), so a template
 *   cannot turn text into JavaScript: `range.constructor("...")()` is a render error;
 * - Node's permission model (`--permission`): file reads only of the renderer's own code, no file
 *   writes, no child processes, no worker threads, no addons, no WASI. Node 24's permission model
 *   does not cover the network (`--allow-net` comes with Node 25); the first two points are what
 *   keep a template off it;
 * - a time limit, a heap limit and an output limit.
 * The rendered issue is then searched for every credential value pnd knows before anything is
 * written: a hit refuses, naming the variable.
 */

export interface SandboxLimits {
  /** From the renderer's code being loaded to its answer. */
  renderMs: number;
  /** From spawn to the renderer's code being loaded (generous: it is Node's start on a busy machine). */
  startMs: number;
  /** Characters of title and body together. */
  outputChars: number;
  heapMb: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  renderMs: 10_000,
  startMs: 60_000,
  outputChars: 1_048_576,
  heapMb: 128,
};

export interface SandboxedRenderOptions extends RenderOptions {
  /** Credentials pnd holds besides those in `env` (e.g. the Action's token): withheld and searched for. */
  credentials?: Credential[];
  limits?: Partial<SandboxLimits>;
}

interface ChildCommand {
  script: string;
  args: string[];
  readable: string[];
}

/** Where a package the renderer loads is installed: its node_modules folder. */
function nodeModulesOf(resolve: (name: string) => string, name: string): string {
  const file = resolve(name);
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  return at === -1 ? dirname(file) : file.slice(0, at + marker.length - 1);
}

/**
 * The sources: the child entry next to this file, reading src/, the package's package.json (for
 * its module type) and the node_modules folders nunjucks, moment and front-matter load from.
 * The Action's bundle (CommonJS, no import.meta): the bundle itself, started with SANDBOX_ARGUMENT.
 */
function childCommand(): ChildCommand {
  const url = (import.meta as { url?: string }).url;
  if (!url) return { script: __filename, args: [SANDBOX_ARGUMENT], readable: [__filename] };
  const resolve = createRequire(url).resolve;
  const src = fileURLToPath(new URL('../', url));
  const modules = new Set(['nunjucks', 'moment', 'front-matter'].map((name) => nodeModulesOf(resolve, name)));
  return {
    script: fileURLToPath(new URL('./sandbox-child.ts', url)),
    args: [],
    // The package's own node_modules as well as where the modules really are: a symlinked
    // node_modules (pnpm, a linked install) is looked up through the link before the real path.
    readable: [
      src,
      fileURLToPath(new URL('../../package.json', url)),
      fileURLToPath(new URL('../../node_modules', url)),
      ...modules,
    ],
  };
}

/** The renderer's Node flags: what confines it. Exported for the test that probes each one. */
export function sandboxNodeFlags(readable: readonly string[], heapMb: number): string[] {
  return [
    '--permission',
    ...readable.map((path) => `--allow-fs-read=${path}`),
    '--disallow-code-generation-from-strings',
    `--max-old-space-size=${heapMb}`,
  ];
}

function limitError(file: string, message: string, details: Record<string, string>): PndError {
  return new PndError('input-invalid', message, { details: { where: file, ...details } });
}

/**
 * The renderer's own environment: only what changes how values print (a `toDate` result prints in
 * TZ, create-an-issue's process has the runner's); never a credential.
 */
const LOCALE_VARIABLES = ['TZ', 'LANG', 'LC_ALL', 'LC_TIME'] as const;

function localeEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of LOCALE_VARIABLES) {
    const value = env[name] ?? process.env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function runChild(
  request: SandboxRequest,
  limits: SandboxLimits,
  childEnv: Record<string, string>,
): Promise<SandboxAnswer> {
  const command = childCommand();
  const flags = sandboxNodeFlags(command.readable, limits.heapMb);
  // JSON escapes a character in at most 6 bytes; the rest of the answer is small.
  const maxAnswerBytes = limits.outputChars * 6 + 1_048_576;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, command.script, ...command.args], {
      env: childEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let errTail = '';
    let failure: PndError | undefined;
    let ready = false;
    const stop = (error: PndError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    let timer = setTimeout(
      () =>
        stop(
          new PndError('internal', 'The template renderer did not start in time.', {
            details: { where: request.file, limit: `${limits.startMs} ms` },
          }),
        ),
      limits.startMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxAnswerBytes) {
        stop(
          limitError(request.file, 'The rendered issue is larger than pnd allows.', {
            limit: `${limits.outputChars} characters`,
            hint: 'Look for a loop that repeats text many times.',
          }),
        );
        return;
      }
      out.push(chunk);
      if (!ready && Buffer.concat(out).includes(`${READY}\n`)) {
        ready = true;
        clearTimeout(timer);
        timer = setTimeout(
          () =>
            stop(
              limitError(request.file, 'The issue template took longer to render than pnd allows.', {
                limit: `${limits.renderMs} ms`,
                hint: 'A template renders in milliseconds; look for a loop over a large range() or a recursive macro.',
              }),
            ),
          limits.renderMs,
        );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errTail = (errTail + chunk.toString('utf8')).slice(-4096);
    });
    child.stdin.on('error', () => {}); // a renderer that died early is reported by 'close'
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new PndError('internal', 'The template renderer could not be started.', {
          details: { where: process.execPath },
          cause: error,
        }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      const text = Buffer.concat(out).toString('utf8');
      const line = text.slice(text.indexOf(`${READY}\n`) + READY.length + 1).trim();
      if (code === 0 && line !== '') {
        try {
          return resolve(JSON.parse(line) as SandboxAnswer);
        } catch {
          // an unreadable answer is reported below like a crash
        }
      }
      if (/heap limit|heap out of memory/i.test(errTail))
        return reject(
          limitError(request.file, 'The issue template needs more memory to render than pnd allows.', {
            limit: `${limits.heapMb} MB`,
            hint: 'Look for a loop over a large range() or text repeated many times.',
          }),
        );
      reject(
        new PndError('internal', 'The template renderer stopped without an answer.', {
          details: {
            where: request.file,
            exit: signal ?? String(code),
            reason: errTail.trim().split('\n')[0] ?? '',
          },
        }),
      );
    });
    child.stdin.end(JSON.stringify(request));
  });
}

function withheldWarnings(text: string, file: string, withheld: readonly string[]): TemplateWarning[] {
  const names = new Set(withheld);
  const references = envReferences(text).filter((r) => names.has(r.name));
  if (references.length === 0) return [];
  const lines = indexLines(text);
  return references.map((reference) => ({
    ...locate(file, lines, reference.offset),
    path: `env.${reference.name}`,
    message:
      'The template reads a variable that holds a credential; pnd withholds it, so it renders as nothing.',
    value: reference.name,
    details: ['an issue is no place for a secret: remove the reference'],
  }));
}

/**
 * renderIssueTemplate (render.ts) in the sandbox described above, with the template's `env`
 * cleared of credentials and the result searched for their values.
 */
export async function renderInSandbox(text: string, options: SandboxedRenderOptions): Promise<RenderedIssue> {
  const limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits };
  const { env, withheld, credentials } = withholdCredentials(options.env, options.credentials);
  const answer = await runChild(
    {
      text,
      file: options.file,
      now: options.now,
      env,
      ...(options.actionsContext ? { actionsContext: options.actionsContext } : {}),
      maxOutputChars: limits.outputChars,
    },
    limits,
    localeEnv(options.env),
  );
  if ('error' in answer)
    throw new PndError(answer.error.code, answer.error.message, { details: answer.error.details });
  const issue = answer.ok;
  const leak = findCredential(
    { title: [issue.title], body: [issue.body], labels: issue.labels, assignees: issue.assignees },
    credentials,
  );
  if (leak)
    throw new PndError(
      'input-invalid',
      "The rendered issue contains a credential's value; nothing was written.",
      {
        details: {
          where: `${options.file} (rendered ${leak.field})`,
          variable: leak.name,
          hint: `Remove what brings in the value of ${leak.name} (the template's text or the event payload); if an issue ever showed it, rotate the credential.`,
        },
      },
    );
  const warnings = [...issue.warnings, ...withheldWarnings(text, options.file, withheld)];
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ...issue, warnings };
}
