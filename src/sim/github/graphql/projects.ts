import {
  addItem,
  setFieldValue,
  type FieldInput,
  type Project,
  type ProjectField,
  type ProjectItem,
} from '../state/projects.ts';
import type { Issue } from '../state/issues.ts';
import type { Repo } from '../state/repos.ts';
import type { GitHubStore } from '../state/store.ts';
import type { User } from '../state/users.ts';
import { iso } from '../time.ts';
import { WEB } from '../render/context.ts';
import { connection, type ConnectionArgs } from './connection.ts';
import { GitHubGraphqlError, notFoundNode } from './errors.ts';
import { actorView, issueView, pullView, type View } from './views.ts';

export function projectView(store: GitHubStore, p: Project): View {
  const kind = p.owner.type === 'Organization' ? 'orgs' : 'users';
  return {
    __typename: 'ProjectV2',
    id: p.nodeId,
    databaseId: p.id,
    number: p.number,
    title: p.title,
    shortDescription: null,
    readme: null,
    closed: false,
    public: false,
    url: `${WEB}/${kind}/${p.owner.login}/projects/${p.number}`,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    owner: () => actorView(p.owner),
    creator: () => actorView(p.owner),
    fields: (args: ConnectionArgs) => connection(p.fields, args, fieldView),
    field: ({ name }: { name: string }) => {
      const f = p.fields.find((x) => x.name === name);
      return f ? fieldView(f) : null;
    },
    items: (args: ConnectionArgs) => connection(p.items, args, (item) => itemView(store, p, item)),
  };
}

export function fieldView(f: ProjectField): View {
  const common = {
    id: f.nodeId,
    databaseId: f.id,
    name: f.name,
    dataType: f.dataType,
    createdAt: iso(f.createdAt),
    updatedAt: iso(f.createdAt),
  };
  if (f.dataType !== 'SINGLE_SELECT') return { ...common, __typename: 'ProjectV2Field' };
  return {
    ...common,
    __typename: 'ProjectV2SingleSelectField',
    options: ({ names }: { names?: string[] | null }) =>
      f.options
        .filter((o) => !names || names.includes(o.name))
        .map((o) => ({
          __typename: 'ProjectV2SingleSelectFieldOption',
          id: o.id,
          name: o.name,
          nameHTML: o.name,
          color: 'GRAY',
          description: '',
          descriptionHTML: '',
        })),
  };
}

export function itemView(store: GitHubStore, p: Project, item: ProjectItem): View {
  const titleField = p.fields.find((f) => f.dataType === 'TITLE')!;
  const values = (): View[] => {
    const list: View[] = [valueView(item, titleField, { text: item.issue.title, updatedAt: item.createdAt })];
    for (const field of p.fields) {
      const value = item.values.get(field.nodeId);
      if (value) list.push(valueView(item, field, value));
    }
    return list;
  };
  return {
    __typename: 'ProjectV2Item',
    id: item.nodeId,
    databaseId: item.id,
    type: item.issue.pull ? 'PULL_REQUEST' : 'ISSUE',
    isArchived: false,
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
    project: () => projectView(store, p),
    content: () =>
      item.issue.pull ? pullView(store, item.repo, item.issue) : issueView(store, item.repo, item.issue),
    fieldValues: (args: ConnectionArgs) => connection(values(), args, (v) => v),
    fieldValueByName: ({ name }: { name: string }) =>
      values().find((v) => (v['fieldName'] as string) === name) ?? null,
  };
}

function valueView(
  item: ProjectItem,
  field: ProjectField,
  value: { text?: string; number?: number; date?: string; optionId?: string; updatedAt: number },
): View {
  const common = {
    id: `PVTFV_${item.nodeId.slice(5)}${field.nodeId.slice(-6)}`,
    field: () => fieldView(field),
    fieldName: field.name,
    createdAt: iso(value.updatedAt),
    updatedAt: iso(value.updatedAt),
    item: null,
  };
  if (value.optionId !== undefined) {
    const option = field.options.find((o) => o.id === value.optionId);
    return {
      ...common,
      __typename: 'ProjectV2ItemFieldSingleSelectValue',
      optionId: value.optionId,
      name: option?.name ?? null,
      nameHTML: option?.name ?? null,
      color: 'GRAY',
    };
  }
  if (value.number !== undefined)
    return { ...common, __typename: 'ProjectV2ItemFieldNumberValue', number: value.number };
  if (value.date !== undefined)
    return { ...common, __typename: 'ProjectV2ItemFieldDateValue', date: value.date };
  return { ...common, __typename: 'ProjectV2ItemFieldTextValue', text: value.text ?? '' };
}

export function projectOf(store: GitHubStore, owner: User, number: number): Project {
  const p = store.projects.find((x) => x.owner === owner && x.number === number);
  if (!p)
    throw new GitHubGraphqlError('NOT_FOUND', `Could not resolve to a ProjectV2 with the number ${number}.`);
  return p;
}

/** The project mutations pnd uses. */
export function projectMutations(
  store: GitHubStore,
  findIssue: (id: string) => { repo: Repo; issue: Issue } | undefined,
) {
  const project = (id: string): Project => {
    const p = store.projects.find((x) => x.nodeId === id);
    if (!p) throw notFoundNode(id);
    return p;
  };
  return {
    addProjectV2ItemById: ({
      input,
    }: {
      input: { projectId: string; contentId: string; clientMutationId?: string };
    }) => {
      const p = project(input.projectId);
      const content = findIssue(input.contentId);
      if (!content) throw notFoundNode(input.contentId);
      const item = addItem(store, p, content.repo, content.issue);
      return { clientMutationId: input.clientMutationId ?? null, item: itemView(store, p, item) };
    },
    updateProjectV2ItemFieldValue: ({
      input,
    }: {
      input: {
        projectId: string;
        itemId: string;
        fieldId: string;
        value: FieldInput;
        clientMutationId?: string;
      };
    }) => {
      const p = project(input.projectId);
      const item = p.items.find((i) => i.nodeId === input.itemId);
      if (!item) throw notFoundNode(input.itemId);
      const field = p.fields.find((f) => f.nodeId === input.fieldId);
      if (!field) throw notFoundNode(input.fieldId);
      if (field.dataType === 'TITLE')
        throw new GitHubGraphqlError('UNPROCESSABLE', 'The title field cannot be updated with this mutation');
      const problem = setFieldValue(store, p, item, field, input.value);
      if (problem) throw new GitHubGraphqlError('UNPROCESSABLE', problem);
      return { clientMutationId: input.clientMutationId ?? null, projectV2Item: itemView(store, p, item) };
    },
  };
}
