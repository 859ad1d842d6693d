/**
 * Credentials for the test harnesses, shaped like the real ones (prefixes, lengths, alphabets),
 * so that a leak is found by the same search that would find a real token, and a redactor that
 * only knows short test strings is not mistaken for one that works. Invented values.
 */
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function jwt(claims: object, signature: string): string {
  return `${base64url({ typ: 'JWT', alg: 'RS256', kid: 'pnd-test-key' })}.${base64url(claims)}.${signature}`;
}

export const FAKE_TOKENS = {
  /** A classic personal access token: ghp_ and 36 base62 characters. */
  githubPat: 'ghp_Kq7Zr2xVb9LmN4pW8sT1yH6dF3gJ0cE5aQ2u',
  /** A second person's classic token (prevent self-review needs two). */
  githubPatSecond: 'ghp_Wm3Xc8Vt1Ba6Ns9Pd4Rf7Gh2Jk5Lq0Zy3Tu8',
  /** An installation (Actions GITHUB_TOKEN) token: ghs_ and 36 characters. */
  githubInstallation: 'ghs_Hn5Tq2Wz8Xc1Vb7Nm4Lk9Pj3Rf6Gd0Sa2Yu5',
  /** A fine-grained PAT: github_pat_, 22 characters, _, 59 characters. */
  githubFineGrained:
    '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',
  /** An Azure DevOps PAT: 52 characters of lower-case letters and digits. */
  azureDevOpsPat: 'k3v7q2m9x4w8z1p6r5t0y3u7i2o8a4s6d1f9g5h3j7l2c8b4n6e0',
  /** A second person's Azure DevOps PAT. */
  azureDevOpsPatSecond: 'q8w2e6r0t4y9u3i7o1p5a8s2d6f0g4h9j3k7l1z5x8c2v6b0n4m9',
  /** An Entra ID access token for Azure DevOps: a JWT. */
  entraToken: jwt(
    {
      aud: '499b84ac-1321-427f-aa17-267ca6975798',
      iss: 'https://sts.windows.net/00000000-0000-4000-8000-000000000001/',
      appid: '00000000-0000-4000-8000-000000000002',
      exp: 4102444800,
    },
    'c2lnbmF0dXJlLW9mLWEtdGVzdC1lbnRyYS10b2tlbi1ub3QtcmVhbA',
  ),
  /** An Entra ID access token for Azure Resource Manager. */
  armToken: jwt(
    {
      aud: 'https://management.azure.com/',
      iss: 'https://sts.windows.net/00000000-0000-4000-8000-000000000001/',
    },
    'YXJtLXRlc3Qtc2lnbmF0dXJlLW5vdC1hLXJlYWwtb25lLWF0LWFsbA',
  ),
  /** Kubernetes service account bearer tokens, one per cluster: JWTs as well. */
  kubernetesToken: jwt(
    {
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': 'default',
      sub: 'system:serviceaccount:default:pnd',
    },
    'a3ViZXJuZXRlcy10ZXN0LXNpZ25hdHVyZS1ub3QtYS1yZWFsLW9uZQ',
  ),
  kubernetesTokenSecond: jwt(
    { iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:default:pnd-prod' },
    'cHJvZC1rdWJlcm5ldGVzLXRlc3Qtc2lnbmF0dXJlLW5vdC1yZWFs',
  ),
} as const;

export const ALL_FAKE_TOKENS: readonly string[] = Object.values(FAKE_TOKENS);
