import { nodeId, optionId } from '../node-id.ts';
import type { Issue } from './issues.ts';
import type { Repo } from './repos.ts';
import type { GitHubStore } from './store.ts';
import type { User } from './users.ts';

export type FieldDataType = 'TITLE' | 'SINGLE_SELECT' | 'TEXT' | 'NUMBER' | 'DATE';

export interface ProjectField {
  id: number;
  nodeId: string;
  name: string;
  dataType: FieldDataType;
  options: { id: string; name: string }[];
  createdAt: number;
}

export interface FieldValue {
  text?: string;
  number?: number;
  date?: string;
  optionId?: string;
  updatedAt: number;
}

export interface ProjectItem {
  id: number;
  nodeId: string;
  repo: Repo;
  issue: Issue;
  /** By field node id. */
  values: Map<string, FieldValue>;
  createdAt: number;
  updatedAt: number;
}

export interface Project {
  id: number;
  nodeId: string;
  owner: User;
  number: number;
  title: string;
  fields: ProjectField[];
  items: ProjectItem[];
  createdAt: number;
  updatedAt: number;
}

export function createProject(
  store: GitHubStore,
  input: {
    owner: User;
    number: number;
    title: string;
    fields: { name: string; type: 'single_select' | 'text' | 'number' | 'date'; options: string[] }[];
  },
): Project {
  const id = store.id('project', 1_000_001);
  const key = `${input.owner.login}/${input.number}`;
  const at = store.now();
  const project: Project = {
    id,
    nodeId: nodeId('PVT', key),
    owner: input.owner,
    number: input.number,
    title: input.title,
    fields: [],
    items: [],
    createdAt: at,
    updatedAt: at,
  };
  // Every project has the built-in Title field first.
  project.fields.push(newField(store, key, 'Title', 'TITLE', [], at));
  for (const f of input.fields) {
    const type = f.type.toUpperCase() as FieldDataType;
    project.fields.push(newField(store, key, f.name, type, f.options, at));
  }
  store.projects.push(project);
  return project;
}

function newField(
  store: GitHubStore,
  key: string,
  name: string,
  dataType: FieldDataType,
  options: string[],
  at: number,
): ProjectField {
  const identity = `${key}:${name}`;
  return {
    id: store.id('project-field', 100_000_001),
    nodeId: nodeId(dataType === 'SINGLE_SELECT' ? 'PVTSSF' : 'PVTF', identity),
    name,
    dataType,
    options: options.map((o) => ({ id: optionId(`${identity}:${o}`), name: o })),
    createdAt: at,
  };
}

/** addProjectV2ItemById: adding content that is already on the board returns the existing item. */
export function addItem(store: GitHubStore, project: Project, repo: Repo, issue: Issue): ProjectItem {
  const existing = project.items.find((i) => i.issue === issue);
  if (existing) return existing;
  const id = store.id('project-item', 90_000_001);
  const at = store.now();
  const item: ProjectItem = {
    id,
    nodeId: nodeId('PVTI', `${project.nodeId}:${issue.nodeId}`),
    repo,
    issue,
    values: new Map(),
    createdAt: at,
    updatedAt: at,
  };
  project.items.push(item);
  project.updatedAt = at;
  return item;
}

export type FieldInput = { text?: string; number?: number; date?: string; singleSelectOptionId?: string };

/** updateProjectV2ItemFieldValue; returns a GitHub-style error message when the value does not fit the field. */
export function setFieldValue(
  store: GitHubStore,
  project: Project,
  item: ProjectItem,
  field: ProjectField,
  value: FieldInput,
): string | undefined {
  const given = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
  if (given.length !== 1) return 'Exactly one value must be provided';
  const at = store.now();
  const [kind, raw] = given[0]!;
  let next: FieldValue;
  if (field.dataType === 'SINGLE_SELECT' && kind === 'singleSelectOptionId') {
    if (!field.options.some((o) => o.id === raw))
      return `The single select option Id does not belong to the field`;
    next = { optionId: String(raw), updatedAt: at };
  } else if (field.dataType === 'TEXT' && kind === 'text') {
    next = { text: String(raw), updatedAt: at };
  } else if (field.dataType === 'NUMBER' && kind === 'number') {
    next = { number: Number(raw), updatedAt: at };
  } else if (field.dataType === 'DATE' && kind === 'date') {
    next = { date: String(raw), updatedAt: at };
  } else {
    return `The field of type ${field.dataType} cannot be updated with a ${kind} value`;
  }
  item.values.set(field.nodeId, next);
  item.updatedAt = at;
  project.updatedAt = at;
  return undefined;
}
