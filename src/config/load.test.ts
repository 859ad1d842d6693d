import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PndError, exitCodeFor } from '../core/errors.ts';
import { configProblemsOf, loadEstate, parseEstate } from './load.ts';
import { formatProblem } from './problems.ts';

const EXAMPLE = 'examples/tilgangsinfo/pnd.yaml';

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}) {
  try {
    parseEstate(text, 'pnd.yaml', env);
  } catch (error) {
    const report = configProblemsOf(error);
    if (report) return report.problems;
    throw error;
  }
  throw new Error('expected the configuration to be invalid');
}

const MINIMAL = `team:
  name: demo
  issueRepository: acme/platform
calendar:
  timeZone: Europe/Oslo
  trainDays:
    wednesday:
      deploy: tt02
environments:
  - id: tt02
    name: TT02
components:
  - id: api
    name: API
    environments:
      tt02:
        deployer:
          kind: ado-release
          organization: acme
          project: platform
          definitionId: 20
          environmentName: TT02
`;

describe('the seed estate example', () => {
  it('loads with no problems and only placeholder warnings', () => {
    const { estate, warnings } = loadEstate(EXAMPLE, {});
    expect(estate.team).toMatchObject({
      name: 'tilgangsinfo',
      labels: ['kind/deploy_patch', 'team/tilgangsinfo'],
    });
    expect(estate.calendar.timeZone).toBe('Europe/Oslo');
    expect(estate.environments.map((env) => env.id)).toEqual(['tt02', 'production']);
    expect(estate.environments[1]?.soak).toEqual({ after: 'tt02', minimum: '6d', requireVerified: true });
    expect(estate.components.map((component) => component.id)).toEqual([
      'authentication',
      'resource-registry',
      'auditlog',
    ]);
    expect(estate.components[0]?.environments.production?.deployer).toEqual({
      kind: 'ado-release',
      organization: 'brreg',
      project: 'altinn-studio',
      definitionId: 20,
      environmentName: 'Production',
    });
    expect(estate.changeFeeds.map((feed) => [feed.definitionId, feed.forEnvironment])).toEqual([
      [124, 'tt02'],
      [125, 'production'],
    ]);
    expect(estate.patchDay?.repositories).toHaveLength(4);
    expect(estate.endpoints.github).toEqual({
      apiUrl: 'https://api.github.com',
      graphqlUrl: 'https://api.github.com/graphql',
      writeSpacing: { write: '1s', notifying: '3s' },
    });
    expect(warnings).toHaveLength(4);
    expect(warnings.every((warning) => warning.value?.startsWith('"PLACEHOLDER-'))).toBe(true);
    expect(warnings[0]?.where).toMatch(/^examples\/tilgangsinfo\/pnd\.yaml:\d+:\d+$/);
  });
});

describe('parseEstate', () => {
  it('fills in defaults', () => {
    const { estate, warnings } = parseEstate(MINIMAL, 'pnd.yaml', {});
    expect(warnings).toEqual([]);
    expect(estate.environments[0]?.dwell).toBe('10m');
    expect(estate.changeFeeds).toEqual([]);
    expect(estate.team.closeLastWeeksIssue).toBe(false);
    expect(estate.components[0]?.environments.tt02?.checks).toEqual([]);
    expect(estate.endpoints.azureDevOps.releaseUrl).toBe('https://vsrm.dev.azure.com');
  });

  it('spaces GitHub writes per GitHub’s guidance unless told otherwise, and checks the durations', () => {
    expect(parseEstate(MINIMAL, 'pnd.yaml', {}).estate.endpoints.github.writeSpacing).toEqual({
      write: '1s',
      notifying: '3s',
    });
    const ghes = `${MINIMAL}endpoints:\n  github:\n    apiUrl: https://ghe.example.org/api/v3\n    writeSpacing: { write: 0s, notifying: 500ms }\n`;
    const problems = problemsOf(ghes);
    expect(problems.map((p) => [p.path, p.where])).toEqual([
      ['endpoints.github.writeSpacing.notifying', expect.stringMatching(/^pnd\.yaml:\d+:\d+$/)],
    ]);
    const fixed = parseEstate(ghes.replace('500ms', '1s'), 'pnd.yaml', {}).estate.endpoints.github;
    expect(fixed.writeSpacing).toEqual({ write: '0s', notifying: '1s' });
    expect(fixed.graphqlUrl).toBe('https://ghe.example.org/api/graphql');
  });

  it('takes a shared journal’s connection string, and refuses one with a password in it', () => {
    const url = 'postgres://pnd@db.example.org:5432/pnd?sslmode=verify-full';
    expect(parseEstate(`${MINIMAL}journal:\n  url: ${url}\n`, 'pnd.yaml', {}).estate.journal).toEqual({
      url,
    });
    const problems = problemsOf(`${MINIMAL}journal:\n  url: postgres://pnd:hunter2-secret@db/pnd\n`);
    expect(problems.map((p) => p.path)).toEqual(['journal.url']);
    expect(problems[0]?.message).toContain('without a password');
    expect(JSON.stringify(problems.map((p) => [p.message, p.path, p.where]))).not.toContain('hunter2-secret');
  });

  it('reports every problem, in file order, not just the first', () => {
    const text = MINIMAL.replace('name: demo', 'name: Demo')
      .replace('definitionId: 20', 'definitionId: 0')
      .replace('deploy: tt02', 'deploy: tt03')
      .concat('patchDay:\n  repositories: [acme]\n  bots: renovate\n');
    const problems = problemsOf(text);
    expect(problems.map((problem) => `${problem.where} ${problem.path}`)).toEqual([
      'pnd.yaml:2:9 team.name',
      'pnd.yaml:8:15 calendar.trainDays.wednesday.deploy',
      'pnd.yaml:21:25 components[0].environments.tt02.deployer.definitionId',
      'pnd.yaml:24:18 patchDay.repositories[0]',
      'pnd.yaml:25:9 patchDay.bots',
    ]);
  });

  it('says what is allowed and suggests a close match', () => {
    const [problem] = problemsOf(MINIMAL.replace('kind: ado-release', 'kind: ado-relase'));
    expect(problem).toEqual({
      where: 'pnd.yaml:18:17',
      line: 18,
      column: 17,
      path: 'components[0].environments.tt02.deployer.kind',
      message: 'The kind is not one of the allowed options.',
      value: '"ado-relase"',
      allowed: 'one of "ado-release", "github-environment"',
      suggestion: 'ado-release',
    });
    expect(formatProblem(problem!)).toEqual([
      'pnd.yaml:18:17: The kind is not one of the allowed options. (at components[0].environments.tt02.deployer.kind, found "ado-relase")',
      '    did you mean "ado-release"?',
      '    allowed: one of "ado-release", "github-environment"',
    ]);
  });

  it('reports a bad anchored value where it is written and where an alias uses it', () => {
    const text = MINIMAL.replace('organization: acme', 'organization: &org ""').concat(
      'changeFeeds:\n  - id: apim\n    kind: ado-build\n    organization: *org\n    project: ops\n    definitionId: 1\n    forEnvironment: tt02\n    hashtags: ["#api"]\n',
    );
    const problems = problemsOf(text);
    expect(problems.map((problem) => problem.where)).toEqual(['pnd.yaml:19:30', 'pnd.yaml:26:19']);
  });

  it('treats an empty file as one problem at 1:1', () => {
    for (const text of ['', '\n\n', '# nothing yet\n']) {
      expect(problemsOf(text).map((problem) => [problem.where, problem.message])).toEqual([
        ['pnd.yaml:1:1', 'The configuration file is empty.'],
      ]);
    }
  });

  it('rejects a document that is not a mapping', () => {
    expect(problemsOf('- team\n')[0]).toMatchObject({
      where: 'pnd.yaml:1:1',
      message: 'The value has the wrong type.',
    });
  });

  it('accepts placeholders in names, repositories and subscription ids, and warns about each', () => {
    const text = MINIMAL.replace(
      'issueRepository: acme/platform',
      'issueRepository: PLACEHOLDER-issue-repo',
    ).replace('project: platform', 'project: PLACEHOLDER-project');
    const { warnings } = parseEstate(text, 'pnd.yaml', {});
    expect(warnings.map((warning) => [warning.where, warning.path])).toEqual([
      ['pnd.yaml:3:20', 'team.issueRepository'],
      ['pnd.yaml:20:20', 'components[0].environments.tt02.deployer.project'],
    ]);
  });

  it('rejects a day that neither deploys nor patches, and patch day without patchDay', () => {
    const text = MINIMAL.replace(
      '    wednesday:\n',
      '    monday: {}\n    thursday:\n      patch: true\n    wednesday:\n',
    );
    expect(problemsOf(text).map((problem) => `${problem.where} ${problem.message}`)).toEqual([
      'pnd.yaml:7:5 A train day must deploy an environment or be patch day.',
      'pnd.yaml:9:14 Patch day needs a patchDay section.',
    ]);
  });

  it('refuses YAML bombs', () => {
    const text = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    expect(problemsOf(text)[0]?.message).toBe('The file uses too many aliases.');
  });
});

describe('GitHub API URL', () => {
  it('follows GITHUB_API_URL when the file names none, deriving the GraphQL URL', () => {
    const { estate } = parseEstate(MINIMAL, 'pnd.yaml', {
      GITHUB_API_URL: 'https://ghes.example.com/api/v3',
    });
    expect(estate.endpoints.github).toEqual({
      apiUrl: 'https://ghes.example.com/api/v3',
      graphqlUrl: 'https://ghes.example.com/api/graphql',
      writeSpacing: { write: '1s', notifying: '3s' },
    });
  });

  it('lets the file win over GITHUB_API_URL', () => {
    const text = `${MINIMAL}endpoints:\n  github:\n    apiUrl: https://127.0.0.1:8443\n`;
    const { estate } = parseEstate(text, 'pnd.yaml', { GITHUB_API_URL: 'https://ghes.example.com/api/v3' });
    expect(estate.endpoints.github).toEqual({
      apiUrl: 'https://127.0.0.1:8443',
      graphqlUrl: 'https://127.0.0.1:8443/graphql',
      writeSpacing: { write: '1s', notifying: '3s' },
    });
  });

  it('refuses a plain http GITHUB_API_URL and says it came from the environment', () => {
    const [problem] = problemsOf(MINIMAL, { GITHUB_API_URL: 'http://127.0.0.1:8080' });
    expect(problem).toMatchObject({
      where: 'environment variable GITHUB_API_URL',
      path: 'endpoints.github.apiUrl',
      message: 'The value is not an https URL.',
      value: '"http://127.0.0.1:8080"',
    });
  });
});

describe('loadEstate', () => {
  it('names the missing file and what to do', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pnd-config-')), 'pnd.yaml');
    let error: unknown;
    try {
      loadEstate(file, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PndError);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as PndError).details).toMatchObject({
      where: file,
      hint: expect.stringContaining('--config'),
    });
  });

  it('reads a file from disk', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pnd-config-')), 'pnd.yaml');
    writeFileSync(file, MINIMAL);
    expect(loadEstate(file, {}).estate.team.name).toBe('demo');
  });

  it('says a directory cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pnd-config-'));
    expect(() => loadEstate(dir, {})).toThrow('The configuration file could not be read.');
  });
});

describe('aliases', () => {
  it('reports an alias without an anchor, and one inside what it names, where they are written', () => {
    const text = MINIMAL.replace('issueRepository: acme/platform', 'issueRepository: *repo').replace(
      'project: platform',
      'project: &p\n            deep: *p',
    );
    expect(problemsOf(text).map((problem) => `${problem.where} ${problem.message} ${problem.value}`)).toEqual(
      [
        'pnd.yaml:3:20 The alias names no anchor before it. "*repo"',
        'pnd.yaml:21:19 The alias is inside what it names. "*p"',
      ],
    );
  });
});

describe('promotion order', () => {
  it('requires a soak policy on every environment after the first', () => {
    const text = MINIMAL.replace(
      '    name: TT02\n',
      '    name: TT02\n  - id: production\n    name: Production\n',
    );
    expect(problemsOf(text)).toEqual([
      {
        where: 'pnd.yaml:12:5',
        line: 12,
        column: 5,
        path: 'environments[1].soak',
        message: 'Every environment after the first needs a soak policy.',
        allowed: 'soak.after naming an earlier environment ("tt02"); minimum: 0m to promote without waiting',
      },
    ]);
  });
});
