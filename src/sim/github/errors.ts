import type { SimResponse } from '../types.ts';

/** GitHub's error bodies: `basic-error`, `validation-error` and `validation-error-simple`. */
export const DOCS = 'https://docs.github.com/rest';

export function basicError(
  status: number,
  message: string,
  documentationUrl = DOCS,
  headers?: Record<string, string>,
): SimResponse {
  return { status, headers, body: { message, documentation_url: documentationUrl, status: String(status) } };
}

export interface FieldError {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
  value?: string | number | null;
}

export function validationFailed(errors: FieldError[], documentationUrl = DOCS): SimResponse {
  return {
    status: 422,
    body: { message: 'Validation Failed', errors, documentation_url: documentationUrl, status: '422' },
  };
}

/** The 422 shape of endpoints whose errors are plain strings (PR reviews, merges). */
export function unprocessable(errors: string[], documentationUrl = DOCS): SimResponse {
  return {
    status: 422,
    body: { message: 'Unprocessable Entity', errors, documentation_url: documentationUrl, status: '422' },
  };
}

export function notFound(documentationUrl = DOCS): SimResponse {
  return basicError(404, 'Not Found', documentationUrl);
}

export function problemsParsingJson(): SimResponse {
  return basicError(400, 'Problems parsing JSON');
}
