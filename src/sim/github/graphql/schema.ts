import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';

let cached: { schema: GraphQLSchema; buildMs: number } | undefined;

/**
 * GitHub's real public GraphQL schema (npm @octokit/graphql-schema), built once per process:
 * building it takes ~150 ms. The published SDL defines two fields of EnterpriseOwnerInfo twice,
 * which graphql-js rejects, so the SDL is not re-validated (`assumeValidSDL`); the schema itself
 * is still validated by graphql-js before the first query. `noLocation`: the schema's AST nodes
 * would otherwise keep every token of the ~1 MB SDL alive (a linked list, tens of MB) for error
 * locations that only ever point into queries; the SDL string itself is not kept.
 */
export function gitHubGraphqlSchema(): { schema: GraphQLSchema; buildMs: number } {
  if (!cached) {
    const started = performance.now();
    // The package's main module also parses a 5 MB JSON introspection we do not need.
    const sdl = readFileSync(
      new URL('./schema.graphql', import.meta.resolve('@octokit/graphql-schema')),
      'utf8',
    );
    const schema = buildSchema(sdl, { assumeValidSDL: true, noLocation: true });
    cached = { schema, buildMs: performance.now() - started };
  }
  return cached;
}
