/**
 * A last line of defence: tokens never reach the journal even if a caller passes an object that
 * holds one (an error's request options, a URL with a PAT). Short values are ignored: redacting
 * "1" everywhere would destroy the record and no real secret is that short.
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const values = [...new Set(secrets.filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join('[redacted]');
    return out;
  };
}

/** The secrets pnd knows of in an environment: every variable it reads credentials from. */
export const SECRET_VARIABLES = [
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'AZURE_DEVOPS_TOKEN',
  'AZURE_CLIENT_SECRET',
  'PND_GITHUB_PUBLISH_TOKEN',
  'PND_KUBERNETES_TOKEN',
] as const;

export function secretsIn(env: NodeJS.ProcessEnv): string[] {
  return SECRET_VARIABLES.map((name) => env[name]).filter((v): v is string => typeof v === 'string');
}
