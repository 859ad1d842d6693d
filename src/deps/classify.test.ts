import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUIREMENT_FIXTURES, TITLE_FIXTURES } from '../../test/fixtures/deps/titles.ts';
import { classify, normaliseTitle } from './classify.ts';

describe('classify: real-world titles', () => {
  it('has at least 25 distinct titles, each with its source', () => {
    expect(new Set(TITLE_FIXTURES.map((f) => f.title)).size).toBe(TITLE_FIXTURES.length);
    expect(TITLE_FIXTURES.length).toBeGreaterThanOrEqual(25);
    for (const f of TITLE_FIXTURES)
      expect(f.source).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/pull\/\d+/);
  });

  it.each([...TITLE_FIXTURES, ...REQUIREMENT_FIXTURES].map((f) => [f.title, f] as const))(
    '%s',
    (_title, f) => {
      const got = classify({ title: f.title, body: f.body, labels: f.labels });
      expect({
        updateType: got.updateType,
        from: got.from,
        to: got.to,
        security: got.security,
        ...(f.expected.groupMax !== undefined ? { groupMax: got.groupMax } : {}),
        ...(f.expected.requirement !== undefined ? { requirement: got.requirement } : {}),
      }).toEqual(f.expected);
    },
  );
});

describe('classify: edge cases', () => {
  it('says unknown for a title no bot writes', () => {
    expect(classify({ title: 'Refactor the login page' }).updateType).toBe('unknown');
  });

  it('takes security from the labels and from advisories the body cites', () => {
    expect(classify({ title: 'Bump a from 1.0.0 to 1.0.1', labels: ['Security'] }).security).toBe(true);
    expect(classify({ title: 'Bump a from 1.0.0 to 1.0.1', body: 'Fixes CVE-2024-12345.' }).security).toBe(
      true,
    );
    expect(classify({ title: 'Bump a from 1.0.0 to 1.0.1' }).security).toBe(false);
  });

  it('reads a Dependabot group body into its largest update', () => {
    const body = 'Updates `Azure.Identity` from 1.12.0 to 1.13.1\nUpdates `Npgsql` from 8.0.5 to 8.0.6\n';
    expect(classify({ title: 'Bump the nuget group with 2 updates', body })).toMatchObject({
      updateType: 'group',
      dependency: 'nuget',
      groupMax: 'minor',
    });
  });

  it('treats "Bump x and y" as a group', () => {
    expect(classify({ title: 'Bump @babel/core and @babel/preset-env' }).updateType).toBe('group');
  });

  it('strips decoration down to the words the bots write', () => {
    expect(normaliseTitle('fix(deps)!: ⬆️ Update dependency x to v2 [SECURITY] - autoclosed')).toEqual({
      text: 'Update dependency x to v2',
      security: true,
      major: false,
    });
  });
});

// Property tests: generated titles in the bots' grammars classify by the versions in them.
const part = fc.integer({ min: 0, max: 40 });
const version = fc.tuple(part, part, part);
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}(\.[A-Z][a-zA-Z]{1,8}){0,2}$/);
const prefix = fc.constantFrom('', 'chore(deps): ', 'fix(deps): ', 'build(deps-dev): ', 'deps: ');
const dotted = (v: [number, number, number]): string => v.join('.');

function expectedChange(a: number[], b: number[]): 'major' | 'minor' | 'patch' {
  if (a[0] !== b[0]) return 'major';
  if (a[1] !== b[1]) return 'minor';
  return 'patch';
}

describe('classify: properties', () => {
  it('"Bump X from a.b.c to d.e.f" is the first position that changed', () => {
    fc.assert(
      fc.property(prefix, name, version, version, fc.boolean(), (p, n, from, to, inDir) => {
        const title = `${p}${p ? 'bump' : 'Bump'} ${n} from ${dotted(from)} to ${dotted(to)}${inDir ? ' in /web' : ''}`;
        const got = classify({ title });
        expect(got).toMatchObject({
          updateType: expectedChange(from, to),
          dependency: n,
          from: dotted(from),
          to: dotted(to),
        });
      }),
    );
  });

  it('"Update dependency X to vN" (the major alone) is a major update', () => {
    fc.assert(
      fc.property(prefix, name, fc.integer({ min: 1, max: 99 }), (p, n, major) => {
        const got = classify({ title: `${p}Update dependency ${n} to v${major}` });
        expect(got).toMatchObject({ updateType: 'major', dependency: n, to: String(major) });
      }),
    );
  });

  it('"Update dependency X to vM.m.p" is a patch when the minor is 0, else a minor', () => {
    fc.assert(
      fc.property(prefix, name, version, (p, n, v) => {
        fc.pre(v[1] > 0 || v[2] > 0);
        const got = classify({ title: `${p}Update dependency ${n} to v${dotted(v)}` });
        expect(got.updateType).toBe(v[1] === 0 ? 'patch' : 'minor');
        expect(got.to).toBe(dotted(v));
      }),
    );
  });

  it('a Renovate table row decides over the title', () => {
    fc.assert(
      fc.property(name, version, version, (n, from, to) => {
        const body = `| Package | Change |\n|---|---|\n| ${n} | \`${dotted(from)}\` -> \`${dotted(to)}\` |\n`;
        const got = classify({ title: `Update dependency ${n} to v${dotted(to)}`, body });
        expect(got).toMatchObject({ updateType: expectedChange(from, to), from: dotted(from) });
      }),
    );
  });

  it('"[SECURITY]" anywhere Renovate or Dependabot put it marks a security update', () => {
    fc.assert(
      fc.property(name, version, fc.constantFrom('renovate', 'dependabot'), (n, v, bot) => {
        const title =
          bot === 'renovate'
            ? `Update dependency ${n} to v${dotted(v)} [SECURITY]`
            : `[Security] Bump ${n} from 0.0.1 to ${dotted(v)}`;
        expect(classify({ title }).security).toBe(true);
      }),
    );
  });

  it('a requirement keeps its operator in from/to, its type comes from the versions, and range vs pin shows', () => {
    const operator = fc.constantFrom('~>', '^', '~', '>=', '=', '==');
    fc.assert(
      fc.property(prefix, name, operator, version, version, fc.boolean(), (p, n, op, from, to, spaced) => {
        const w = (v: [number, number, number]) => `${op}${spaced ? ' ' : ''}${dotted(v)}`;
        const got = classify({
          title: `${p}${p ? 'update' : 'Update'} ${n} requirement from ${w(from)} to ${w(to)}`,
        });
        expect(got).toMatchObject({
          updateType: expectedChange(from, to),
          dependency: n,
          from: w(from),
          to: w(to),
          requirement: op.startsWith('=') ? 'pin' : 'range',
        });
      }),
    );
  });

  it('a Renovate table row keeps the range it shows, without a leading v', () => {
    const operator = fc.constantFrom('^', '~', '>=', '');
    fc.assert(
      fc.property(name, operator, version, version, fc.boolean(), (n, op, from, to, v) => {
        const cell = (x: [number, number, number]) => `\`${op}${v ? 'v' : ''}${dotted(x)}\``;
        const body = `| Package | Change |\n|---|---|\n| ${n} | ${cell(from)} -> ${cell(to)} |\n`;
        const got = classify({ title: `Update dependency ${n} to v${to[0]}`, body });
        expect(got).toMatchObject({
          from: `${op}${dotted(from)}`,
          to: `${op}${dotted(to)}`,
          requirement: op === '' ? null : 'range',
        });
      }),
    );
  });

  it('digests on both sides are digest updates, never versions', () => {
    const sha = fc.stringMatching(/^[0-9a-f]{7}$/).filter((s) => /[a-f]/.test(s));
    fc.assert(
      fc.property(name, sha, sha, (n, a, b) => {
        expect(classify({ title: `Bump ${n} from \`${a}\` to \`${b}\`` }).updateType).toBe('digest');
        expect(classify({ title: `Update ${n} digest to ${b}` }).updateType).toBe('digest');
      }),
    );
  });
});
