import type { GitHubClient } from './client.ts';

/** The answer of a GraphQL query read by `graphqlRead`: data, and the errors GitHub reported. */
export interface GraphqlReadAnswer<T> {
  data: T | null;
  errors?: { type?: string; message: string; path?: (string | number)[] }[];
}

/**
 * A large GraphQL query's answer parsed with the native JSON.parse. Octokit (@octokit/request 10)
 * parses every JSON answer through json-with-bigint, whose per-value reviver costs 7-10 times a
 * plain parse: for patch day's 500 kB listing that was most of pnd's CPU per gather. GitHub's
 * GraphQL integers are 32-bit (`Int`), so nothing is lost. The request still goes through the
 * client's hooks and plugins (auth, timeout, secondary rate limits on 403/429, 5xx retries, errors
 * as PndErrors); only a 200 answer's body is left unparsed by Octokit. An answer with errors other
 * than those the caller accepts (`tolerated`, e.g. NOT_FOUND for a repository that does not exist)
 * is asked again through `github.graphql`, so that a RATE_LIMITED (HTTP 200) is waited out by the
 * throttling plugin and any other error is thrown exactly as everywhere else.
 */
const GHES_V3_SUFFIX = /\/api\/v3\/?$/;

export async function graphqlRead<T>(
  github: GitHubClient,
  query: string,
  variables: Record<string, unknown>,
  tolerated: readonly string[] = [],
): Promise<GraphqlReadAnswer<T>> {
  // Where Octokit's graphql sends a query: /graphql, or /api/graphql on GitHub Enterprise Server
  // (whose REST base ends in /api/v3).
  const baseUrl = github.request.endpoint.DEFAULTS.baseUrl;
  const response = await github.request({
    method: 'POST',
    url: GHES_V3_SUFFIX.test(baseUrl) ? baseUrl.replace(GHES_V3_SUFFIX, '/api/graphql') : '/graphql',
    query,
    variables,
    request: { parseSuccessResponseBody: false },
  });
  const text = await new Response(response.data as unknown as ReadableStream).text();
  const answer = JSON.parse(text) as GraphqlReadAnswer<T>;
  const errors = answer.errors ?? [];
  if (errors.length === 0 || (answer.data && errors.every((e) => tolerated.includes(e.type ?? ''))))
    return answer;
  return { data: await github.graphql<T>(query, variables) };
}
