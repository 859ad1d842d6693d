/**
 * An Entra ID access token from the platform's credential chain (az login, workload identity,
 * managed identity). @azure/identity is loaded here, on first use, not when pnd starts: most
 * commands never need it.
 */
export async function entraTokenFor(scope: string): Promise<string> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return (await new DefaultAzureCredential().getToken(scope)).token;
}
