export { renderIssueTemplate, type RenderOptions, type RenderedIssue } from './render.ts';
export { renderInSandbox, type SandboxedRenderOptions } from './sandbox.ts';
export { loadIssueTemplate } from './load.ts';
export { loadActionsContext, actionsContextFromEnv, type ActionsContext } from './context.ts';
export { isoWeekOf, type IsoWeek } from './iso-week.ts';
export type { TemplateWarning } from './lints.ts';
