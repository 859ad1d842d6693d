import { describe, expect, it } from 'vitest';
import { parseEstate } from '../../config/load.ts';
import { holdsNotice, weekDates } from './week-notice.ts';

const ESTATE = `team:
  name: payments
  issueRepository: acme/payments
calendar:
  timeZone: Europe/Stockholm
  trainDays: {}
environments:
  - id: staging
    name: Staging
components:
  - id: ledger
    name: Ledger
    environments:
      staging:
        deployer:
          kind: github-environment
          repository: acme/ledger
          workflow: deploy.yml
          environment: staging
freezes:
  - from: 2026-12-21
    to: 2026-12-22
    reason: Year-end freeze
holidays:
  country: SE
  environments: [staging]
`;

describe('the weekly issue’s locks and freezes', () => {
  it('covers Monday to Sunday of the ISO week in the team time zone', () => {
    // Sunday 23:30 UTC is already Monday in Stockholm.
    expect(weekDates(Date.parse('2026-12-20T23:30:00Z'), 'Europe/Stockholm')).toEqual({
      first: '2026-12-21',
      last: '2026-12-27',
    });
    expect(weekDates(Date.parse('2026-12-20T22:30:00Z'), 'Europe/Stockholm')).toEqual({
      first: '2026-12-14',
      last: '2026-12-20',
    });
  });

  it('names each lock with its author and each freeze day with its reason or holiday', async () => {
    const { estate } = parseEstate(ESTATE, 'pnd.yaml', {});
    const lines = await holdsNotice(
      estate,
      [
        {
          id: 1,
          env: 'staging',
          component: 'ledger',
          reason: 'vendor outage',
          author: 'sara',
          authorSource: 'github',
          createdAt: '2026-12-21T08:00:00.000Z',
          until: '2026-12-23T08:00:00.000Z',
          releasedAt: null,
          releasedBy: null,
        },
      ],
      Date.parse('2026-12-21T09:00:00Z'),
    );
    expect(lines).toEqual([
      '- 🔒 ledger in Staging is locked by sara: vendor outage (until 2026-12-23T08:00:00.000Z)',
      '- ❄️ Mon 2026-12-21 frozen (every environment): Year-end freeze',
      '- ❄️ Tue 2026-12-22 frozen (every environment): Year-end freeze',
      '- ❄️ Fri 2026-12-25 frozen (Staging): juldagen (public holiday)',
      '- ❄️ Sat 2026-12-26 frozen (Staging): annandag jul (public holiday)',
    ]);
  });
});
