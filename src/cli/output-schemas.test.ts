import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { committedValidator } from '../../test/support/output-schemas.ts';
import { OUTPUT_SCHEMAS, outputSchemaPath, renderOutputJsonSchema } from './output-schemas.ts';

const root = join(import.meta.dirname, '..', '..');

describe('--json output schemas', () => {
  it.each(OUTPUT_SCHEMAS.map((s) => [s.name]))(
    'schema/%s.schema.json is what the zod schema generates (run npm run generate)',
    (name) => {
      const committed = readFileSync(join(root, outputSchemaPath(name)), 'utf8');
      expect(committed).toBe(renderOutputJsonSchema(name));
    },
  );

  it('pnd issue render --json validates against its committed schema', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TZ: 'UTC' };
    delete env.GITHUB_EVENT_PATH;
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'bin', 'pnd.js'),
        '--json',
        'issue',
        'render',
        '-t',
        join(root, 'test', 'fixtures', 'templates', 'tilgangsinfo-pnd.tmpl'),
        '--date',
        '2027-01-04T05:00:00Z',
      ],
      { env, encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    const validate = committedValidator('issue-render');
    expect(validate(JSON.parse(result.stdout)), JSON.stringify(validate.errors)).toBe(true);
    // The schema rejects what the contract does not allow.
    expect(validate({ title: 't', body: '', labels: [], assignees: [], milestone: null, extra: 1 })).toBe(
      false,
    );
  });
});
