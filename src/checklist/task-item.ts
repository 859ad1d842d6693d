/**
 * The checklist model of an issue body: GitHub task-list items, nested as GitHub renders them.
 * Parsing never rewrites the body; every item points at the one character between its brackets,
 * so pnd can tick a box by changing exactly that character.
 */
export interface TaskItem {
  /** Stable id: the step marker's id when the line has one, else derived from headings and text. */
  id: string;
  /** The id of the line's `<!-- pnd:step id=... -->` marker, when present. */
  stepId?: string;
  checked: boolean;
  /** The item's first line after the checkbox, without the step marker, trimmed. */
  text: string;
  /** 1-based line number. */
  line: number;
  /** List nesting level as rendered: 0 for an item of a top-level list (non-task items count too). */
  depth: number;
  /** Texts of the headings the item sits under, outermost first. */
  headingPath: string[];
  /** Task items nested in this one. */
  children: TaskItem[];
  /** UTF-8 byte offset of the character between the brackets (what GitHub's API counts in). */
  markOffset: number;
  /** The same position as a JavaScript string index (UTF-16 code units), for editing the string. */
  markIndex: number;
  /** The character between the brackets as written: ' ', 'x' or 'X'. */
  mark: ' ' | 'x' | 'X';
}

/** One line of the body exactly as written, so the body can be put back together byte for byte. */
export interface ChecklistLine {
  /** String index of the line's first character. */
  start: number;
  /** The line without its ending. */
  text: string;
  /** '\n', '\r\n', '\r', or '' for the last line. */
  eol: string;
  task?: TaskItem;
}

export interface Checklist {
  /** Top-level task items; nested ones are in `children`. */
  items: TaskItem[];
  /** Every task item in document order. */
  all: TaskItem[];
  lines: ChecklistLine[];
}

export interface ParseOptions {
  /**
   * Skip a YAML front matter block at the start (an issue template). Off by default: in an issue
   * body a leading `---` is a thematic break, not front matter.
   */
  frontMatter?: boolean;
}
