export type { Checklist, ChecklistLine, ParseOptions, TaskItem } from './task-item.ts';
export { parseChecklist } from './parse.ts';
export {
  applyOwnChange,
  findItem,
  hasAnyTicked,
  renderChecklist,
  sameApartFromTicks,
  setChecked,
  uncheckedItems,
  writeOwnChange,
  type BodyStore,
  type EditResult,
  type OwnChangeStatus,
} from './edit.ts';
export { derivedId, slugify, stepMarker, stepMarkerId } from './step-id.ts';
