/**
 * The environment variables pnd reads: the one list behind the top-level help. docs/cli.md has a
 * table of the same names with longer explanations; a test keeps the two in step.
 */
export const ENVIRONMENT_VARIABLES: readonly { name: string; meaning: string }[] = [
  { name: 'NO_COLOR', meaning: 'any non-empty value turns colours off' },
  { name: 'FORCE_COLOR', meaning: 'colours even when stdout is not a terminal' },
  {
    name: 'GITHUB_API_URL',
    meaning: 'GitHub API base URL when pnd.yaml sets none (GitHub Enterprise Server)',
  },
  { name: 'GITHUB_TOKEN', meaning: 'GitHub token (GH_TOKEN is read too)' },
  {
    name: 'PND_GITHUB_PUBLISH_TOKEN',
    meaning: 'optional second GitHub identity that publishes draft releases',
  },
  { name: 'PND_GITHUB_APP_ID', meaning: 'GitHub App ID: log in as the app (wins over GITHUB_TOKEN)' },
  { name: 'PND_GITHUB_APP_PRIVATE_KEY', meaning: 'the GitHub App private key (PEM text)' },
  { name: 'PND_GITHUB_APP_PRIVATE_KEY_FILE', meaning: 'the GitHub App private key file (.pem)' },
  {
    name: 'PND_GITHUB_APP_INSTALLATION_ID',
    meaning: "the app's installation (default: found per repository owner)",
  },
  { name: 'PND_KUBERNETES_TOKEN', meaning: 'bearer token for clusters listed under endpoints.kubernetes' },
  { name: 'AZURE_DEVOPS_TOKEN', meaning: 'Azure DevOps personal access token (otherwise Entra ID)' },
  { name: 'NODE_EXTRA_CA_CERTS', meaning: 'extra CA certificates to trust (the simulator, GHES)' },
  { name: 'PND_CONFIG', meaning: 'path of pnd.yaml when --config is not given' },
  {
    name: 'PND_JOURNAL',
    meaning: 'the journal (a SQLite path or postgres:// URL) when --journal is not given',
  },
  { name: 'PND_JOURNAL_URL', meaning: 'PostgreSQL connection string of a shared journal (sslmode for TLS)' },
  {
    name: 'PND_ACTOR',
    meaning: 'who `pnd lock`/`unlock` record when the GitHub credential has no login (an App token)',
  },
];

/** The "Environment:" block of the top-level help. */
export function environmentHelp(): string {
  const width = Math.max(...ENVIRONMENT_VARIABLES.map((v) => v.name.length)) + 2;
  return ENVIRONMENT_VARIABLES.map((v) => `  ${v.name.padEnd(width)}${v.meaning}`).join('\n');
}
