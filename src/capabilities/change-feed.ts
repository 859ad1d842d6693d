/** The change-feed capability (DESIGN.md §3): did anything relevant change upstream? */
export interface FeedChange {
  id: string;
  /** `build 20261122.3`. */
  label: string;
  at: string;
  /** The configured hashtags this change mentions. */
  hashtags: string[];
  message: string;
  url?: string;
}

export interface ChangeFeedReader {
  /** Relevant changes since `since` (epoch ms), newest first. */
  changes(since: number): Promise<FeedChange[]>;
}
