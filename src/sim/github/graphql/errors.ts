/** An error GitHub reports with a top-level `type` (NOT_FOUND, FORBIDDEN, UNPROCESSABLE...). */
export class GitHubGraphqlError extends Error {
  readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

export function notFoundNode(id: string): GitHubGraphqlError {
  return new GitHubGraphqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
}
