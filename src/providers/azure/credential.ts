import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { fetch as undiciFetch } from 'undici';
import { PndError } from '../../core/errors.ts';
import { dispatcherFor, type Trust } from '../trust.ts';

/** The command's Azure credential, as the layers above the providers name it (no SDK import there). */
export type AzureCredential = TokenCredential;

/** The audience Entra ID requires of a federated credential's assertion (GitHub's docs use it). */
export const GITHUB_OIDC_AUDIENCE = 'api://AzureADTokenExchange';

/** Which identity pnd signs in to Entra ID with: said in errors, never with a secret. */
export interface AzureIdentityDescription {
  /** e.g. "GitHub Actions OIDC federation (client 1234…)" or "DefaultAzureCredential". */
  kind: string;
  clientId?: string;
}

export function describeAzureIdentity(env: NodeJS.ProcessEnv): AzureIdentityDescription {
  if (usesGitHubOidc(env)) return { kind: 'GitHub Actions OIDC federation', clientId: env.AZURE_CLIENT_ID! };
  return {
    kind: 'DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI)',
    ...(env.AZURE_CLIENT_ID ? { clientId: env.AZURE_CLIENT_ID } : {}),
  };
}

/** In a GitHub Actions job with `permissions: id-token: write` and an app registration named. */
function usesGitHubOidc(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    env.ACTIONS_ID_TOKEN_REQUEST_URL &&
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN &&
    env.AZURE_CLIENT_ID &&
    env.AZURE_TENANT_ID &&
    !env.AZURE_CLIENT_SECRET,
  );
}

/**
 * The one Azure credential of a command (built in the composition root): in GitHub Actions with
 * an ID token request URL and AZURE_CLIENT_ID/AZURE_TENANT_ID, a ClientAssertionCredential whose
 * assertion is a fresh GitHub OIDC token each time Entra asks (an OIDC token lives minutes, a
 * release train hours); with a client secret in `env`, a ClientSecretCredential; otherwise
 * DefaultAzureCredential. @azure/identity is imported on the
 * first token request, not when pnd starts. AZURE_AUTHORITY_HOST (an official @azure/identity
 * setting) points it at a sovereign cloud or the simulator; `trust.ca` is the CA it trusts there.
 */
export function azureCredential(env: NodeJS.ProcessEnv, trust: Trust = {}): TokenCredential {
  let inner: Promise<TokenCredential> | undefined;
  const load = async (): Promise<TokenCredential> => {
    const identity = await import('@azure/identity');
    const options = {
      ...(env.AZURE_AUTHORITY_HOST ? { authorityHost: env.AZURE_AUTHORITY_HOST } : {}),
      ...(outsideMicrosoftClouds(env.AZURE_AUTHORITY_HOST) ? { disableInstanceDiscovery: true } : {}),
      ...(trust.ca ? { tlsOptions: { ca: trust.ca } } : {}),
    };
    if (usesGitHubOidc(env)) {
      return new identity.ClientAssertionCredential(
        env.AZURE_TENANT_ID!,
        env.AZURE_CLIENT_ID!,
        () => gitHubOidcToken(env, trust),
        options,
      );
    }
    // A service principal's secret in the environment: what DefaultAzureCredential tries first
    // (EnvironmentCredential), built here from `env` rather than from process.env.
    if (env.AZURE_TENANT_ID && env.AZURE_CLIENT_ID && env.AZURE_CLIENT_SECRET) {
      return new identity.ClientSecretCredential(
        env.AZURE_TENANT_ID,
        env.AZURE_CLIENT_ID,
        env.AZURE_CLIENT_SECRET,
        options,
      );
    }
    return new identity.DefaultAzureCredential(options);
  };
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      inner ??= load();
      return (await inner).getToken(scopes, options);
    },
  };
}

/** The authority hosts of Microsoft's clouds, which MSAL's instance discovery knows. */
const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/**
 * MSAL validates an authority by asking login.microsoftonline.com about it ("instance discovery"),
 * which cannot know a private cloud's host (Azure Stack, a test tenant's stand-in): for such a
 * host @azure/identity's documented `disableInstanceDiscovery` is set, as its docs advise.
 */
export function outsideMicrosoftClouds(authorityHost: string | undefined): boolean {
  if (!authorityHost) return false;
  try {
    return !MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * A GitHub Actions OIDC token for Entra ID: GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=… with the
 * request token as bearer (what @actions/core's getIDToken does), answering `{ "value": jwt }`.
 */
export async function gitHubOidcToken(env: NodeJS.ProcessEnv, trust: Trust = {}): Promise<string> {
  const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL!);
  url.searchParams.set('audience', GITHUB_OIDC_AUDIENCE);
  const where = 'GitHub Actions OIDC token request (ACTIONS_ID_TOKEN_REQUEST_URL)';
  const dispatcher = dispatcherFor(trust);
  const response = await undiciFetch(url, {
    headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`, accept: 'application/json' },
    signal: AbortSignal.timeout(30_000),
    ...(dispatcher ? { dispatcher } : {}),
  });
  const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined;
  if (!response.ok || typeof body?.value !== 'string') {
    throw new PndError('auth-failed', 'GitHub Actions did not hand out an OIDC token for Azure.', {
      details: {
        where,
        status: response.status,
        vendor: 'GitHub Actions',
        hint: 'Give the job `permissions: id-token: write`, and keep ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN from the runner (docs/providers/azure.md).',
      },
    });
  }
  return body.value;
}
