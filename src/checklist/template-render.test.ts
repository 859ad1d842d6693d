import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../cli/paths.ts';
import { loadEstate, parseEstate } from '../config/load.ts';
import { renderIssueTemplate } from '../template/render.ts';
import { parseChecklist } from './parse.ts';
import { escapeNunjucks, generateTemplate } from './template-generate.ts';

// The generated template through pnd's create-an-issue compatible renderer: what the weekly issue will be.
const MONDAY_W48 = Date.parse('2026-11-23T05:00:00+01:00');
const render = (text: string) =>
  renderIssueTemplate(text, { file: 'deploy-patch.md', now: MONDAY_W48, env: {} });

describe('the generated template, rendered', () => {
  it('has the ISO week and year in the title, the labels, no lints, and the same steps', () => {
    const { text, stepIds } = generateTemplate(loadEstate(EXAMPLE_CONFIG, {}).estate);
    const issue = render(text);
    expect(issue.title).toBe('Deploy & Patching 2026 W48');
    expect(issue.labels).toEqual(['kind/deploy_patch', 'team/tilgangsinfo']);
    expect(issue.warnings).toEqual([]);
    const rendered = parseChecklist(issue.body);
    expect(rendered.all.filter((task) => task.stepId).map((task) => task.id)).toEqual(stepIds);
    // Nothing in the body is templated, so the issue body is the template's body as written.
    expect(text.endsWith(issue.body)).toBe(true);
  });

  it('keeps nunjucks-looking text from the config as text', () => {
    const estate = parseEstate(
      `team: { name: t, issueRepository: o/r, labels: ['a, b'] }
calendar: { timeZone: UTC, trainDays: { monday: { deploy: dev } } }
environments: [{ id: dev, name: 'Dev {{ x }} {% if %} {# c #}' }]
components:
  - id: app
    name: App
    environments:
      dev: { deployer: { kind: github-environment, repository: o/app, workflow: d.yml, environment: dev } }
`,
      'pnd.yaml',
      {},
    ).estate;
    const issue = render(generateTemplate(estate).text);
    expect(issue.labels).toEqual(['a, b']);
    expect(issue.body).toContain('to Dev {{ x }} {% if %} {# c #}: approve');
  });

  it('escapeNunjucks: any text renders back to itself', () => {
    const text = fc.string({
      unit: fc.constantFrom('{', '}', '%', '#', '-', '"', ' ', 'a', '\\', '\n'),
      maxLength: 30,
    });
    fc.assert(
      fc.property(text, (body) => {
        expect(render(`---\ntitle: x\n---\nstart ${escapeNunjucks(body)} end\n`).body).toBe(
          `start ${body} end\n`,
        );
      }),
      { numRuns: 300 },
    );
  });
});
