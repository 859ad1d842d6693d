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
  {
    name: 'PND_KUBERNETES_TOKEN',
    meaning: 'bearer token for clusters under endpoints.kubernetes (PND_KUBERNETES_TOKEN_<CLUSTER> for one)',
  },
  {
    name: 'PND_AZURE_DEVOPS_RELEASE_URL',
    meaning: 'Azure DevOps release API base URL when pnd.yaml sets none',
  },
  { name: 'PND_AZURE_DEVOPS_BUILD_URL', meaning: 'Azure DevOps build API base URL when pnd.yaml sets none' },
  {
    name: 'PND_AZURE_RESOURCE_MANAGER_URL',
    meaning: 'Azure Resource Manager base URL when pnd.yaml sets none',
  },
  {
    name: 'PND_KUBERNETES_SERVERS',
    meaning: 'cluster=https://api-server pairs, comma-separated, for clusters pnd.yaml does not list',
  },
  {
    name: 'GITHUB_STEP_SUMMARY',
    meaning: 'in GitHub Actions: issue create, deploy and deps append a Markdown summary',
  },
  { name: 'GITHUB_OUTPUT', meaning: 'in GitHub Actions: issue create, deploy and deps write step outputs' },
  { name: 'AZURE_DEVOPS_TOKEN', meaning: 'Azure DevOps personal access token (otherwise Entra ID)' },
  { name: 'AZURE_TENANT_ID', meaning: 'the Entra ID tenant pnd signs in to' },
  { name: 'AZURE_CLIENT_ID', meaning: 'the Entra ID application pnd signs in as' },
  {
    name: 'AZURE_CLIENT_SECRET',
    meaning: 'a client secret of that application (else DefaultAzureCredential)',
  },
  {
    name: 'ACTIONS_ID_TOKEN_REQUEST_URL',
    meaning: "set by GitHub Actions (id-token: write): pnd signs in to Entra ID with the job's OIDC token",
  },
  { name: 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', meaning: 'the bearer token for ACTIONS_ID_TOKEN_REQUEST_URL' },
  { name: 'AZURE_AUTHORITY_HOST', meaning: 'Entra ID host for a sovereign cloud (or the simulator)' },
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
