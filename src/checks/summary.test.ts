import { describe, expect, it } from 'vitest';
import { evidenceMarkdown, evidenceText } from './summary.ts';

const outcome = {
  status: 'pass' as const,
  reason: 'Every check passed and stayed healthy for 10m (20 re-checks).',
  firstPassAt: '2026-11-25T10:02:00.000Z',
  dwellEndedAt: '2026-11-25T10:12:00.000Z',
  results: [
    {
      check: 'Container App rg/ca',
      kind: 'container-app' as const,
      status: 'pass' as const,
      reason:
        'Revision ca--x is the latest ready revision, runs abc, and is Provisioned, Running and Healthy.',
      evidence: [
        {
          read: 'GET /subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/ca?api-version=2025-07-01',
          values: { provisioningState: 'Succeeded', note: 'a `tick`' },
          at: '2026-11-25T10:12:00.000Z',
          link: 'https://portal.azure.com/#@/resource/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/ca',
        },
      ],
    },
  ],
};

describe('evidence summaries', () => {
  it('renders Markdown with each read, its time and portal link', () => {
    expect(evidenceMarkdown(outcome)).toBe(
      [
        '**Verification passed**: Every check passed and stayed healthy for 10m (20 re-checks).',
        '',
        'First all-pass 2026-11-25T10:02:00.000Z, dwell ended 2026-11-25T10:12:00.000Z.',
        '',
        '- Container App rg/ca: passed. Revision ca--x is the latest ready revision, runs abc, and is Provisioned, Running and Healthy.',
        '  - `GET /subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/ca?api-version=2025-07-01` at 2026-11-25T10:12:00.000Z ([portal](https://portal.azure.com/#@/resource/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/ca)): `{"provisioningState":"Succeeded","note":"a \'tick\'"}`',
        '',
      ].join('\n'),
    );
  });

  it('renders one short plain-text paragraph for an approval comment', () => {
    expect(evidenceText(outcome)).toBe(
      'pnd verification passed: Every check passed and stayed healthy for 10m (20 re-checks). Container App rg/ca: passed. Revision ca--x is the latest ready revision, runs abc, and is Provisioned, Running and Healthy.',
    );
    expect(evidenceText(outcome, 40)).toHaveLength(40);
  });
});
