/**
 * The ids of the steps pnd can act on, shared by the template generator (which writes them into
 * `<!-- pnd:step id=... -->` markers) and the engine (which looks the lines up by them).
 * Repository names are lower-cased: GitHub treats them case-insensitively.
 */

export function deployStepId(componentId: string, environmentId: string): string {
  return `deploy.${componentId}.${environmentId}`;
}

export function postDeployStepId(componentId: string, environmentId: string): string {
  return `post-deploy.${componentId}.${environmentId}`;
}

/** `<stepPrefix>.<id>`: the prefix is configurable so a team's existing issues keep their markers. */
export function changeFeedStepId(feed: { id: string; stepPrefix: string }): string {
  return `${feed.stepPrefix}.${feed.id}`;
}

/** The feed's name for people; the id when the config gives none. */
export function changeFeedName(feed: { id: string; name?: string }): string {
  return feed.name ?? feed.id;
}

export function patchStepId(repository: string): string {
  return `patch.${repository.toLowerCase()}`;
}
