import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownTable, writeStepOutputs, writeStepSummary } from './step-summary.ts';

describe('the step summary and outputs in GitHub Actions', () => {
  it('writes only when GITHUB_ACTIONS is true, outputs in the multi-line form', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pnd-summary-'));
    const files = { GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'sum') };
    writeFileSync(files.GITHUB_OUTPUT, '');
    writeFileSync(files.GITHUB_STEP_SUMMARY, '');
    writeStepSummary('# not in Actions', files);
    writeStepOutputs({ a: 1 }, files);
    expect(readFileSync(files.GITHUB_OUTPUT, 'utf8')).toBe('');
    const env = { ...files, GITHUB_ACTIONS: 'true' };
    writeStepSummary('### plan', env);
    writeStepOutputs({ url: 'https://x/1', note: 'two\nlines', none: undefined }, env);
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toBe('### plan\n\n');
    expect(readFileSync(files.GITHUB_OUTPUT, 'utf8')).toMatch(
      /^url<<(ghadelimiter_[\w-]+)\nhttps:\/\/x\/1\n\1\nnote<<(ghadelimiter_[\w-]+)\ntwo\nlines\n\2\nnone<<(ghadelimiter_[\w-]+)\n\n\3\n$/,
    );
  });

  it('escapes table cells', () => {
    expect(markdownTable(['a|b'], [['x\ny']])).toBe('| a\\|b |\n| --- |\n| x y |');
  });
});
