import { readFileSync } from 'node:fs';
import { PndError } from '../core/errors.ts';
import { appPrivateKey, type GitHubAppLogin } from '../providers/github/app-auth.ts';
import type { AdoCredential } from '../providers/azure-devops/client.ts';
import { entraTokenFor } from '../providers/azure/entra.ts';

/** Azure DevOps' application id: an Entra token for it is accepted like a PAT. */
const AZURE_DEVOPS_SCOPE = '499b84ac-1321-427f-aa17-267ca6975798/.default';

export interface GitHubCredentials {
  /** GH_TOKEN or GITHUB_TOKEN; unset when the GitHub App logs in. */
  token?: string;
  app?: GitHubAppLogin;
  publishToken?: string;
  /** The identity that publishes drafts is the Actions job's GITHUB_TOKEN (see publishesWithActionsToken). */
  publisherIsActionsToken?: boolean;
  /** Which variable the identity came from, for messages (never its value). */
  source: 'GitHub App' | 'GITHUB_TOKEN' | 'GH_TOKEN';
}

/**
 * The GitHub identity, read the same way by every command (never printed):
 * - a GitHub App when PND_GITHUB_APP_ID is set — with PND_GITHUB_APP_PRIVATE_KEY (the PEM text)
 *   or PND_GITHUB_APP_PRIVATE_KEY_FILE, and optionally PND_GITHUB_APP_INSTALLATION_ID. It wins
 *   over a token in the same environment: a team that set up the app means it (and Actions puts
 *   a GITHUB_TOKEN in many environments by habit);
 * - otherwise GITHUB_TOKEN, then GH_TOKEN.
 * PND_GITHUB_PUBLISH_TOKEN, when set, publishes drafts instead.
 */
export function gitHubCredentials(
  env: NodeJS.ProcessEnv,
  purpose: string,
  options: { defaultOwner?: string } = {},
): GitHubCredentials {
  const publish = env.PND_GITHUB_PUBLISH_TOKEN ? { publishToken: env.PND_GITHUB_PUBLISH_TOKEN } : {};
  const app = gitHubAppLogin(env, options.defaultOwner);
  if (app) {
    return {
      app,
      ...publish,
      ...(publish.publishToken && publishesWithActionsToken(env, publish.publishToken)
        ? { publisherIsActionsToken: true }
        : {}),
      source: 'GitHub App',
    };
  }
  const source = env.GITHUB_TOKEN ? 'GITHUB_TOKEN' : 'GH_TOKEN';
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) {
    throw new PndError(
      'input-invalid',
      'GITHUB_TOKEN is not set (nor GH_TOKEN, nor a GitHub App: PND_GITHUB_APP_ID).',
      {
        details: {
          where: 'environment',
          hint: `Export GITHUB_TOKEN, or PND_GITHUB_APP_ID with PND_GITHUB_APP_PRIVATE_KEY_FILE: ${purpose}. See docs/providers/github.md for the permissions.`,
        },
      },
    );
  }
  const publisher = publish.publishToken ?? token;
  return {
    token,
    ...publish,
    ...(publishesWithActionsToken(env, publisher) ? { publisherIsActionsToken: true } : {}),
    source,
  };
}

/**
 * Whether `token` is the Actions job's GITHUB_TOKEN: in a GitHub Actions job (GITHUB_ACTIONS is
 * "true") an installation token (`ghs_`) handed to pnd as a token is taken to be the job's
 * own, the one token Actions gives a job. Its events start no workflow run ("Triggering a
 * workflow from a workflow", https://docs.github.com/en/actions/using-workflows/triggering-a-workflow#triggering-a-workflow-from-a-workflow).
 * Known without a request: the token's prefix and the runner's variable. A token minted from
 * another GitHub App (actions/create-github-app-token) is `ghs_` too and would be refused: give
 * pnd the app itself (PND_GITHUB_APP_ID and its key) instead; pnd's own app tokens never count.
 */
export function publishesWithActionsToken(env: NodeJS.ProcessEnv, token: string): boolean {
  return env.GITHUB_ACTIONS === 'true' && token.startsWith('ghs_');
}

/** The GitHub App login from the environment, or undefined when PND_GITHUB_APP_ID is unset. */
export function gitHubAppLogin(env: NodeJS.ProcessEnv, defaultOwner?: string): GitHubAppLogin | undefined {
  const rawId = env.PND_GITHUB_APP_ID?.trim();
  if (!rawId) {
    if (env.PND_GITHUB_APP_PRIVATE_KEY || env.PND_GITHUB_APP_PRIVATE_KEY_FILE)
      throw appInput('PND_GITHUB_APP_ID', 'A GitHub App private key is set but not the app’s id.');
    return undefined;
  }
  const appId = Number(rawId);
  if (!/^\d+$/.test(rawId) || !Number.isSafeInteger(appId) || appId <= 0)
    throw appInput('PND_GITHUB_APP_ID', 'PND_GITHUB_APP_ID is not a GitHub App ID (a positive number).');
  let privateKey = env.PND_GITHUB_APP_PRIVATE_KEY;
  const file = env.PND_GITHUB_APP_PRIVATE_KEY_FILE;
  if (privateKey && file)
    throw appInput(
      'PND_GITHUB_APP_PRIVATE_KEY',
      'Both PND_GITHUB_APP_PRIVATE_KEY and PND_GITHUB_APP_PRIVATE_KEY_FILE are set.',
    );
  if (!privateKey && file) {
    try {
      privateKey = readFileSync(file, 'utf8');
    } catch (cause) {
      throw appInput(
        `PND_GITHUB_APP_PRIVATE_KEY_FILE (${file})`,
        'The GitHub App private key file cannot be read.',
        cause,
      );
    }
  }
  if (!privateKey)
    throw appInput(
      'PND_GITHUB_APP_PRIVATE_KEY',
      'PND_GITHUB_APP_ID is set but no private key (PND_GITHUB_APP_PRIVATE_KEY or PND_GITHUB_APP_PRIVATE_KEY_FILE).',
    );
  // Parsed now: a malformed key is bad input (exit 2) before any request.
  appPrivateKey(
    privateKey,
    file ? `PND_GITHUB_APP_PRIVATE_KEY_FILE (${file})` : 'PND_GITHUB_APP_PRIVATE_KEY',
  );
  const rawInstallation = env.PND_GITHUB_APP_INSTALLATION_ID?.trim();
  let installationId: number | undefined;
  if (rawInstallation) {
    installationId = Number(rawInstallation);
    if (!/^\d+$/.test(rawInstallation) || installationId <= 0)
      throw appInput(
        'PND_GITHUB_APP_INSTALLATION_ID',
        'PND_GITHUB_APP_INSTALLATION_ID is not an installation id (a positive number).',
      );
  }
  return {
    appId,
    privateKey,
    ...(installationId ? { installationId } : {}),
    ...(defaultOwner ? { defaultOwner } : {}),
  };
}

/**
 * The GitHub credentials pnd holds, by name, for the scans of what it writes (the issue): the
 * token variables that are set and the App's private key, also when it came from a file.
 */
export function heldGitHubCredentials(env: NodeJS.ProcessEnv): { name: string; value: string }[] {
  const held: { name: string; value: string }[] = [];
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN', 'PND_GITHUB_PUBLISH_TOKEN', 'PND_GITHUB_APP_PRIVATE_KEY']) {
    const value = env[name];
    if (value) held.push({ name, value });
  }
  const file = env.PND_GITHUB_APP_PRIVATE_KEY_FILE;
  if (file) {
    try {
      held.push({ name: 'PND_GITHUB_APP_PRIVATE_KEY_FILE', value: readFileSync(file, 'utf8') });
    } catch {
      // Unreadable: gitHubCredentials has refused it already.
    }
  }
  return held;
}

function appInput(where: string, message: string, cause?: unknown): PndError {
  return new PndError('input-invalid', message, {
    ...(cause ? { cause } : {}),
    details: {
      where,
      hint: 'Set PND_GITHUB_APP_ID (the App ID on the app’s settings page) and PND_GITHUB_APP_PRIVATE_KEY_FILE (its .pem); see docs/providers/github.md.',
    },
  });
}

/**
 * AZURE_DEVOPS_TOKEN as a PAT; without it, an Entra ID token from the platform's credential chain
 * (az login, workload identity, managed identity) for Azure DevOps.
 */
export async function azureDevOpsCredential(env: NodeJS.ProcessEnv): Promise<AdoCredential> {
  if (env.AZURE_DEVOPS_TOKEN) return { pat: env.AZURE_DEVOPS_TOKEN };
  try {
    return { bearer: await entraTokenFor(AZURE_DEVOPS_SCOPE) };
  } catch (cause) {
    throw new PndError('auth-failed', 'No Azure DevOps credential was found.', {
      cause,
      details: {
        where: 'environment',
        hint: 'Export AZURE_DEVOPS_TOKEN with a PAT that has Release (read, write & execute) and Build (read), or sign in with `az login`.',
      },
    });
  }
}
