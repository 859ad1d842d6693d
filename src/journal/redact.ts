import { readFileSync } from 'node:fs';

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
  'PND_GITHUB_APP_PRIVATE_KEY',
  'PND_KUBERNETES_TOKEN',
] as const;

export function secretsIn(env: NodeJS.ProcessEnv): string[] {
  const values = SECRET_VARIABLES.map((name) => env[name]).filter((v): v is string => typeof v === 'string');
  const file = env.PND_GITHUB_APP_PRIVATE_KEY_FILE;
  if (file) {
    try {
      values.push(readFileSync(file, 'utf8'));
    } catch {
      // Unreadable: the credential reader refuses it with a clear error.
    }
  }
  // A PEM key is also searched for line by line: a message that quotes part of it (a wrapped
  // error, one line of a log) is caught too. Each base64 line of a key is 64 characters.
  return values.flatMap((v) => (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v) ? [v, ...pemLines(v)] : [v]));
}

function pemLines(pem: string): string[] {
  return pem
    .replace(/\\n/g, '\n')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith('-----'));
}
