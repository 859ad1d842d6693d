import {
  execute,
  parse,
  validate,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type OperationDefinitionNode,
} from 'graphql';
import type { SimRequest, SimResponse } from '../../types.ts';
import { gitHubPrincipal } from '../profile.ts';
import type { GitHubDeps } from '../routes/common.ts';
import { analyseQuery, type QueryError } from './cost.ts';
import type { GraphqlContext } from './deliveries.ts';
import { GitHubGraphqlError } from './errors.ts';
import { createRoot } from './root.ts';
import { gitHubGraphqlSchema } from './schema.ts';

interface WireError {
  type?: string;
  path?: (string | number)[];
  locations?: { line: number; column: number }[];
  message: string;
}

/**
 * `POST /graphql` against GitHub's real public schema. Invalid queries get GitHub's answer
 * (HTTP 200 with `errors`) and are reported loudly: pnd should never send one.
 * Loaded on the first GraphQL request (./router.ts), with graphql-js.
 */
export function handleGraphql(
  deps: GitHubDeps,
  warn: (message: string) => void,
  req: SimRequest,
): SimResponse {
  const { schema } = gitHubGraphqlSchema();
  const body = req.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
  if (typeof body !== 'object' || body === null || typeof body.query !== 'string') {
    return invalid(warn, req, [{ message: 'A query attribute must be specified and must be a string.' }]);
  }
  const variables = (
    typeof body.variables === 'object' && body.variables !== null ? body.variables : {}
  ) as Record<string, unknown>;
  const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;

  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return invalid(warn, req, [wireError(error as GraphQLError)]);
  }
  const validation = validate(schema, document);
  if (validation.length > 0) return invalid(warn, req, validation.map(wireError));

  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation)
    return invalid(warn, req, [{ message: `Unknown operation named "${operationName ?? ''}".` }]);
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const analysis = analyseQuery(schema, operation, fragments, variables);
  if (analysis.errors.length > 0) return invalid(warn, req, analysis.errors.map(fromQueryError));

  const principal = gitHubPrincipal(req.principal);
  const caller = deps.store.user(principal.login);
  if (!deps.limits.charge(principal.token, 'graphql', principal.limit, analysis.cost)) {
    return {
      status: 200,
      body: {
        errors: [
          { type: 'RATE_LIMITED', message: `API rate limit already exceeded for user ID ${caller.id}.` },
        ],
      },
    };
  }
  principal.charged = analysis.cost;
  const window = deps.limits.window(principal.token, 'graphql', principal.limit);
  const result = execute({
    schema,
    document,
    operationName,
    variableValues: variables,
    rootValue: createRoot(deps, { caller, cost: analysis.cost, nodeCount: analysis.nodeCount, window }),
    contextValue: { caller, actions: deps.actions } satisfies GraphqlContext,
  });
  if (result instanceof Promise) throw new Error('GitHub GraphQL resolvers are synchronous.');
  const out: { data: unknown; errors?: WireError[] } = { data: result.data ?? null };
  if (result.errors && result.errors.length > 0) out.errors = result.errors.map(wireError);
  return { status: 200, body: out };
}

function invalid(_warn: (message: string) => void, _req: SimRequest, errors: WireError[]): SimResponse {
  // The server records these as request problems and prints them (SimResponse.problems).
  return {
    status: 200,
    body: { errors },
    problems: errors.map((e) => `invalid GraphQL query: ${e.message}`),
  };
}

function fromQueryError(e: QueryError): WireError {
  return { type: e.type, path: e.path, locations: e.locations, message: e.message };
}

function wireError(error: GraphQLError): WireError {
  const original = error.originalError;
  const out: WireError = { message: error.message };
  if (original instanceof GitHubGraphqlError) out.type = original.type;
  if (error.path) out.path = [...error.path];
  if (error.locations) out.locations = error.locations.map((l) => ({ line: l.line, column: l.column }));
  return {
    ...(out.type ? { type: out.type } : {}),
    ...(out.path ? { path: out.path } : {}),
    ...(out.locations ? { locations: out.locations } : {}),
    message: out.message,
  };
}
