import { PndError } from '../../core/errors.ts';
import type { BoardRef, BoardResult, ProjectBoard } from '../../capabilities/issue-tracker.ts';
import type { GitHubClient } from './client.ts';
import { viaGitHub } from './errors.ts';

interface Field {
  id: string;
  name: string;
  options?: { id: string; name: string }[];
}

interface ProjectInfo {
  id: string;
  fields: Field[];
}

const PROJECT_QUERY = (ownerField: 'organization' | 'user') => `
  query($owner: String!, $number: Int!) {
    owner: ${ownerField}(login: $owner) {
      projectV2(number: $number) {
        id
        fields(first: 100) {
          nodes {
            ... on ProjectV2FieldCommon { id name }
            ... on ProjectV2SingleSelectField { id name options { id name } }
          }
        }
      }
    }
  }`;

const ADD_ITEM = `
  mutation($project: ID!, $content: ID!) {
    addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } }
  }`;

const ITEM_VALUES = `
  query($item: ID!) {
    node(id: $item) {
      ... on ProjectV2Item {
        fieldValues(first: 100) {
          nodes {
            ... on ProjectV2ItemFieldSingleSelectValue { optionId field { ... on ProjectV2FieldCommon { id } } }
          }
        }
      }
    }
  }`;

const FIND_ITEM = `
  query($content: ID!) {
    node(id: $content) {
      ... on Issue { projectItems(first: 50) { nodes { id project { id } } } }
    }
  }`;

const SET_OPTION = `
  mutation($project: ID!, $item: ID!, $field: ID!, $option: String!) {
    updateProjectV2ItemFieldValue(
      input: { projectId: $project, itemId: $item, fieldId: $field, value: { singleSelectOptionId: $option } }
    ) { projectV2Item { id } }
  }`;

/**
 * Projects (v2) through GraphQL. Fields and options are named in pnd.yaml and resolved to ids
 * here; an item that is already on the board with the wanted values costs no mutation.
 */
export class GitHubProjectBoard implements ProjectBoard {
  readonly #github: GitHubClient;

  constructor(github: GitHubClient) {
    this.#github = github;
  }

  async ensureItem(
    board: BoardRef,
    contentNodeId: string,
    fields: Record<string, string>,
    dryRun: boolean,
  ): Promise<BoardResult> {
    const project = await this.#project(board);
    const wanted = Object.entries(fields).map(([name, option]) => resolve(project, board, name, option));

    let itemId = await this.#existingItem(project.id, contentNodeId);
    const added = itemId === undefined;
    if (itemId === undefined) {
      if (dryRun) return { itemId: '(new)', added: true, changed: wanted.map((w) => w.fieldName) };
      // addProjectV2ItemById returns the existing item when the content is already there.
      itemId = await viaGitHub('add the issue to the project board', async () => {
        const result = await this.#github.graphql<{ addProjectV2ItemById: { item: { id: string } } }>(
          ADD_ITEM,
          {
            project: project.id,
            content: contentNodeId,
          },
        );
        return result.addProjectV2ItemById.item.id;
      });
    }

    const current = await this.#currentOptions(itemId);
    const changed: string[] = [];
    for (const w of wanted) {
      if (current.get(w.fieldId) === w.optionId) continue;
      changed.push(w.fieldName);
      if (dryRun) continue;
      await viaGitHub(`set ${w.fieldName} on the project board`, () =>
        this.#github.graphql(SET_OPTION, {
          project: project.id,
          item: itemId,
          field: w.fieldId,
          option: w.optionId,
        }),
      );
    }
    return { itemId, added, changed };
  }

  async #project(board: BoardRef): Promise<ProjectInfo> {
    const result = await viaGitHub('read the project board', () =>
      this.#github.graphql<{
        owner: { projectV2: { id: string; fields: { nodes: Field[] } } | null } | null;
      }>(PROJECT_QUERY(board.ownerType), { owner: board.owner, number: board.number }),
    );
    const project = result.owner?.projectV2;
    if (!project) {
      throw new PndError('not-found', 'The project board does not exist or the token cannot see it.', {
        details: {
          where: `GitHub project ${board.owner}#${board.number}`,
          hint: 'Check team.projectBoard in pnd.yaml.',
        },
      });
    }
    return { id: project.id, fields: project.fields.nodes.filter((f) => f && f.id) };
  }

  async #existingItem(projectId: string, contentNodeId: string): Promise<string | undefined> {
    const result = await viaGitHub('read the issue’s project items', () =>
      this.#github.graphql<{
        node: { projectItems?: { nodes: { id: string; project: { id: string } }[] } } | null;
      }>(FIND_ITEM, { content: contentNodeId }),
    );
    return result.node?.projectItems?.nodes.find((n) => n.project.id === projectId)?.id;
  }

  async #currentOptions(itemId: string): Promise<Map<string, string>> {
    const result = await viaGitHub('read the project item', () =>
      this.#github.graphql<{
        node: { fieldValues?: { nodes: { optionId?: string; field?: { id?: string } }[] } } | null;
      }>(ITEM_VALUES, { item: itemId }),
    );
    const values = new Map<string, string>();
    for (const v of result.node?.fieldValues?.nodes ?? []) {
      if (v.optionId && v.field?.id) values.set(v.field.id, v.optionId);
    }
    return values;
  }
}

function resolve(project: ProjectInfo, board: BoardRef, fieldName: string, optionName: string) {
  const field = project.fields.find((f) => f.name === fieldName);
  const where = `GitHub project ${board.owner}#${board.number}`;
  if (!field) {
    throw new PndError('config-invalid', 'The project board has no field of that name.', {
      details: { where, field: fieldName, hint: `Fields: ${project.fields.map((f) => f.name).join(', ')}.` },
    });
  }
  const option = field.options?.find((o) => o.name === optionName);
  if (!option) {
    throw new PndError('config-invalid', 'The project field has no option of that name.', {
      details: {
        where,
        field: fieldName,
        option: optionName,
        hint: field.options
          ? `Options: ${field.options.map((o) => o.name).join(', ')}.`
          : 'It is not a single-select field.',
      },
    });
  }
  return { fieldName, fieldId: field.id, optionId: option.id };
}
