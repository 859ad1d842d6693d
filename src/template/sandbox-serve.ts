// The renderer's side of the sandbox (see sandbox.ts): one request on stdin, one answer on stdout.
import { PndError } from '../core/errors.ts';
import type { ActionsContext } from './context.ts';
import { renderIssueTemplate, type RenderedIssue } from './render.ts';

/** The argument that makes the Action's bundle serve a render instead of running the Action. */
export const SANDBOX_ARGUMENT = '--pnd-template-sandbox';

/** The line the renderer writes once its code is loaded: the render's time limit starts there. */
export const READY = 'ready';

export interface SandboxRequest {
  text: string;
  file: string;
  now: number;
  env: Record<string, string>;
  actionsContext?: ActionsContext;
  maxOutputChars: number;
}

export type SandboxAnswer =
  | { ok: RenderedIssue }
  | { error: { code: PndError['code']; message: string; details: PndError['details'] } };

/**
 * Refuses to render unless the process really is confined: the permission model on (no child
 * processes, workers or file writes) and code generation from strings off. Started without the
 * flags (a changed spawn, a NODE_OPTIONS that undoes them), the renderer stops rather than render
 * unconfined.
 */
function assertConfined(): void {
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  let codeGeneration = true;
  try {
    new Function('');
  } catch {
    codeGeneration = false;
  }
  if (!permission || permission.has('child') || permission.has('worker') || codeGeneration)
    throw new PndError('internal', 'The template renderer is not confined; it refuses to render.', {
      details: {
        where: 'template sandbox',
        hint: 'Start it through renderInSandbox (src/template/sandbox.ts).',
      },
    });
}

function answer(request: SandboxRequest): SandboxAnswer {
  try {
    assertConfined();
    const issue = renderIssueTemplate(request.text, {
      file: request.file,
      now: request.now,
      env: request.env,
      ...(request.actionsContext ? { actionsContext: request.actionsContext } : {}),
    });
    const size = issue.title.length + issue.body.length;
    if (size > request.maxOutputChars)
      throw new PndError('input-invalid', 'The rendered issue is larger than pnd allows.', {
        details: {
          where: request.file,
          size: `${size} characters`,
          limit: `${request.maxOutputChars} characters`,
          hint: 'Look for a loop that repeats text many times; a GitHub issue body holds at most 65,536 characters.',
        },
      });
    return { ok: issue };
  } catch (error) {
    if (error instanceof PndError)
      return { error: { code: error.code, message: error.message, details: error.details } };
    return {
      error: {
        code: 'internal',
        message: 'The template renderer failed.',
        details: { where: request.file, reason: error instanceof Error ? error.message : String(error) },
      },
    };
  }
}

export function serveSandboxedRender(): void {
  process.stdout.write(`${READY}\n`);
  const chunks: Buffer[] = [];
  process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
  process.stdin.on('end', () => {
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SandboxRequest;
    process.stdout.write(`${JSON.stringify(answer(request))}\n`);
  });
}
