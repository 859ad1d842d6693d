import { SECRET_VARIABLES } from '../journal/redact.ts';

/**
 * What a template's `env` may not show. create-an-issue hands templates the whole process
 * environment; pnd keeps that shape but withholds every variable that holds a credential, so
 * `{{ env.GITHUB_TOKEN }}` renders as nothing instead of writing the token into an issue.
 */

/** Credential variables by name: pnd's own (journal/redact.ts) and those of the platforms it runs on. */
const CREDENTIAL_VARIABLES = new Set<string>([
  ...SECRET_VARIABLES,
  // GitHub Actions gives every JavaScript action these.
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  // The Azure identity library's environment and managed identity credentials.
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_PASSWORD',
  'IDENTITY_HEADER',
  'MSI_SECRET',
  // Azure Pipelines' job token and the az devops extension's PAT.
  'SYSTEM_ACCESSTOKEN',
  'AZURE_DEVOPS_EXT_PAT',
]);

/** Names that by convention hold a secret (MY_API_TOKEN, DB_PASSWORD, SSH_KEY, NPM_AUTH ...). */
const CREDENTIAL_NAME =
  /(?:^|_)(?:TOKEN|SECRET|SECRETS|PASSWORD|PASSWD|PASSPHRASE|PAT|KEY|APIKEY|CREDENTIAL|CREDENTIALS|AUTH|CONNECTION_STRING|CONNECTIONSTRING)(?:_|$)/i;

/** Shorter values are not searched for: "1" or "true" would match everywhere and no real secret is that short. */
export const MIN_SECRET_LENGTH = 8;

export interface Credential {
  /** The variable (or the name pnd knows it by), shown in errors; never the value. */
  name: string;
  value: string;
}

export interface WithheldEnv {
  /** The environment a template sees. */
  env: Record<string, string>;
  /** The variables left out, sorted. */
  withheld: string[];
  /** Every credential value known, longest first, for the scan of the rendered issue. */
  credentials: Credential[];
}

export function isCredentialVariable(name: string): boolean {
  return CREDENTIAL_VARIABLES.has(name.toUpperCase()) || CREDENTIAL_NAME.test(name);
}

/**
 * The template's `env`: `env` without credential variables, and without any variable whose value
 * contains a credential's value (a copy under another name, an `Authorization` header).
 * `held` are credentials pnd holds that may not come from `env` (the Action's token).
 */
export function withholdCredentials(env: NodeJS.ProcessEnv, held: readonly Credential[] = []): WithheldEnv {
  const credentials: Credential[] = [...held];
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && isCredentialVariable(name)) credentials.push({ name, value });
  const searchable = credentials
    .filter((c) => c.value.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.value.length - a.value.length);
  const shown: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (isCredentialVariable(name) || searchable.some((c) => value.includes(c.value))) withheld.push(name);
    else shown[name] = value;
  }
  return { env: shown, withheld: withheld.sort(), credentials: searchable };
}

/** The first credential whose value occurs in one of `texts`; its name, never its value. */
export function findCredential(
  texts: Record<string, readonly string[]>,
  credentials: readonly Credential[],
): { name: string; field: string } | undefined {
  for (const [field, values] of Object.entries(texts))
    for (const credential of credentials)
      if (credential.value.length >= MIN_SECRET_LENGTH && values.some((v) => v.includes(credential.value)))
        return { name: credential.name, field };
  return undefined;
}

/** `env.NAME`, `env["NAME"]`, `env['NAME']`: the variables a template reads, by name. */
export function envReferences(text: string): { name: string; offset: number }[] {
  const found: { name: string; offset: number }[] = [];
  const reference = /\benv\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(["'])(.*?)\2\s*\])/g;
  for (let match = reference.exec(text); match; match = reference.exec(text)) {
    const name = match[1] ?? match[3];
    if (name !== undefined) found.push({ name, offset: match.index });
  }
  return found;
}
