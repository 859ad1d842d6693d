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

export function changeFeedStepId(feedId: string): string {
  return `apim.${feedId}`;
}

export function patchStepId(repository: string): string {
  return `patch.${repository.toLowerCase()}`;
}
