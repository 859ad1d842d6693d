import {
  getArgumentValues,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface QueryError {
  type: string;
  message: string;
  path: string[];
  locations: { line: number; column: number }[];
}

export interface QueryCost {
  /** Points charged: connection requests / 100, rounded, at least 1. */
  cost: number;
  nodeCount: number;
  errors: QueryError[];
}

const MAX_NODES = 500_000;

/**
 * GitHub's static checks and cost of a query: every connection needs `first` or `last` in 1-100;
 * a connection nested under another is requested once per parent node, so its requests multiply.
 */
export function analyseQuery(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): QueryCost {
  const errors: QueryError[] = [];
  let requests = 0;
  let nodeCount = 0;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
    multiplier: number,
    path: string[],
  ): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        walk(sel.selectionSet, type, multiplier, path);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[sel.name.value];
        if (fragment)
          walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), multiplier, path);
        continue;
      }
      if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const def = parent.getFields()[sel.name.value];
      if (!def) continue;
      const key = sel.alias?.value ?? sel.name.value;
      const type = getNamedType(def.type);
      let childMultiplier = multiplier;
      if (type.name.endsWith('Connection')) {
        const args = getArgumentValues(def, sel, variables) as {
          first?: number | null;
          last?: number | null;
        };
        const size = args.first ?? args.last;
        const at = [...path, key];
        // Only an error needs a location: computing it for every connection is quadratic in the query's size.
        const locations = () => (sel.loc ? [locationOf(sel.loc.source.body, sel.loc.start)] : []);
        if (size === undefined || size === null) {
          errors.push({
            type: 'MISSING_PAGINATION_BOUNDARIES',
            path: at,
            locations: locations(),
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${sel.name.value}\` connection.`,
          });
        } else if (size > 100 || size < 0) {
          const which = args.first !== undefined && args.first !== null ? 'first' : 'last';
          errors.push({
            type: 'EXCESSIVE_PAGINATION',
            path: at,
            locations: locations(),
            message: `Requesting ${size} records on the \`${sel.name.value}\` connection exceeds the \`${which}\` limit of 100 records.`,
          });
        }
        requests += multiplier;
        childMultiplier = multiplier * Math.max(1, Math.min(size ?? 1, 100));
        nodeCount += childMultiplier;
      }
      if (sel.selectionSet) walk(sel.selectionSet, type, childMultiplier, [...path, key]);
    }
  };
  walk(operation.selectionSet, root, 1, []);
  if (nodeCount > MAX_NODES) {
    errors.push({
      type: 'MAX_NODE_LIMIT_EXCEEDED',
      path: [],
      locations: [],
      message: `This query requests up to ${nodeCount.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of 500,000.`,
    });
  }
  return { cost: Math.max(1, Math.round(requests / 100)), nodeCount, errors };
}

function locationOf(body: string, offset: number): { line: number; column: number } {
  const before = body.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
