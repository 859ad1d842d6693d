/**
 * One repository with 300 weekly issues (the two newest labelled week/current, as pnd finds this
 * week's issue by label) and a token whose rate limit the benchmark cannot exhaust.
 */
export function benchScenario(): Record<string, unknown> {
  return {
    name: 'bench',
    start: '2026-11-23T05:00:00+01:00',
    github: {
      users: [{ login: 'bench', push: ['bench/*'] }],
      tokens: [{ token: 'ghp_bench', login: 'bench', rateLimit: 100_000_000 }],
      repositories: [
        {
          fullName: 'bench/train',
          labels: ['kind/deploy_patch', 'team/bench'],
          issues: Array.from({ length: 300 }, (_, i) => ({
            number: i + 1,
            title: `Deploy & Patching W${(i % 52) + 1}`,
            body: '- [ ] Deploy to TT02\n- [ ] Deploy to production\n- [x] Patch day',
            labels:
              i >= 298
                ? ['kind/deploy_patch', 'team/bench', 'week/current']
                : ['kind/deploy_patch', 'team/bench'],
            user: 'bench',
          })),
        },
      ],
    },
  };
}
