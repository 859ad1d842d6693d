import type { SimResponse } from '../types.ts';

/**
 * Azure DevOps' error body: a serialized .NET exception. Messages and type keys marked "guessed"
 * in the callers were not found in a primary source; the shape itself is the documented one.
 */
export function adoError(
  status: number,
  message: string,
  typeKey: string,
  typeName = `Microsoft.VisualStudio.Services.WebApi.${typeKey}, Microsoft.VisualStudio.Services.WebApi`,
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status,
    headers,
    body: { $id: '1', innerException: null, message, typeName, typeKey, errorCode: 0, eventId: 3000 },
  };
}

const RM = 'Microsoft.VisualStudio.Services.ReleaseManagement.Data.Exceptions';

export function releaseError(status: number, message: string, typeKey: string): SimResponse {
  return adoError(
    status,
    message,
    typeKey,
    `${RM}.${typeKey}, Microsoft.VisualStudio.Services.ReleaseManagement2.Data`,
  );
}

/** The versions the service takes; anything newer is refused, and 7.2 exists only as a preview. */
const GA_VERSIONS = ['1.0', '2.0', '3.0', '4.0', '4.1', '5.0', '5.1', '6.0', '7.0', '7.1'];
const PREVIEW_ONLY = ['7.2'];

/** null when the api-version query is acceptable, else the service's 400. */
export function checkApiVersion(query: URLSearchParams, method: string): SimResponse | null {
  const value = query.get('api-version');
  if (value === null || value === '') {
    return adoError(
      400,
      `No api-version was supplied for the "${method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`,
      'VssVersionNotSpecifiedException',
    );
  }
  const m = /^(\d+\.\d+)(-preview(\.\d+)?)?$/.exec(value);
  if (!m) {
    return adoError(400, `The api-version '${value}' is not valid.`, 'VssInvalidApiVersionException');
  }
  const [, version, preview] = m;
  if (PREVIEW_ONLY.includes(version!) && !preview) {
    return adoError(
      400,
      `The requested version "${value}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${version}-preview"`,
      'VssInvalidPreviewVersionException',
    );
  }
  if (!GA_VERSIONS.includes(version!) && !PREVIEW_ONLY.includes(version!)) {
    return adoError(
      400,
      `The requested REST API version of ${version} is out of range for this server. The latest REST API version this server supports is 7.2.`,
      'VssVersionOutOfRangeException',
    );
  }
  return null;
}

export function projectNotFound(project: string): SimResponse {
  return adoError(
    404,
    `TF200016: The following project does not exist: ${project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    'ProjectDoesNotExistWithNameException',
    'Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi',
  );
}
