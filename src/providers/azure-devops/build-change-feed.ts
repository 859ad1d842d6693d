import type { ChangeFeed } from '../../config/schema.ts';
import type { ChangeFeedReader, FeedChange } from '../../capabilities/change-feed.ts';
import type { AzureDevOpsClient } from './client.ts';
import type { Build } from './types.ts';

/**
 * An API-gateway-style pipeline as a change feed: its builds since a moment whose commit message or tags
 * mention one of the feed's hashtags. Azure DevOps filters by time server-side (minTime), so a
 * week of builds is one page.
 */
export class AdoBuildChangeFeed implements ChangeFeedReader {
  readonly #feed: ChangeFeed;
  readonly #client: AzureDevOpsClient;

  constructor(feed: ChangeFeed, client: AzureDevOpsClient) {
    this.#feed = feed;
    this.#client = client;
  }

  async changes(since: number): Promise<FeedChange[]> {
    const found: FeedChange[] = [];
    for await (const build of this.#client.builds({
      definitions: [this.#feed.definitionId],
      minTime: new Date(since).toISOString(),
      queryOrder: 'queueTimeDescending',
    })) {
      const hashtags = mentioned(build, this.#feed.hashtags);
      if (hashtags.length === 0) continue;
      found.push({
        id: String(build.id),
        label: `build ${build.buildNumber}`,
        at: build.finishTime ?? build.queueTime ?? '',
        hashtags,
        message: build.triggerInfo?.['ci.message'] ?? '',
        url: `https://dev.azure.com/${encodeURIComponent(this.#feed.organization)}/${encodeURIComponent(this.#feed.project)}/_build/results?buildId=${build.id}`,
      });
    }
    return found;
  }
}

/** Hashtags match case-insensitively in the commit message, and as tags without the `#`. */
function mentioned(build: Build, hashtags: readonly string[]): string[] {
  const message = (build.triggerInfo?.['ci.message'] ?? '').toLowerCase();
  const tags = new Set((build.tags ?? []).map((t) => t.toLowerCase().replace(/^#/, '')));
  return hashtags.filter((h) => {
    const tag = h.toLowerCase();
    return new RegExp(`${escape(tag)}(?![\\w-])`).test(message) || tags.has(tag.replace(/^#/, ''));
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
