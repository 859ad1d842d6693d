import type { SpecName } from './mount.ts';

/**
 * The validator contract the server relies on (implemented in ./spec/, against the trimmed vendor
 * descriptions under spec/). Kept as an interface so the server is testable without the specs.
 */
export interface SpecProblem {
  where: string;
  message: string;
}

export interface OperationMatch {
  vendor: SpecName;
  operationId: string;
  pathTemplate: string;
  params: Record<string, string>;
}

export interface SpecValidator {
  match(vendor: SpecName, method: string, path: string): OperationMatch | undefined;
  validateRequest(
    match: OperationMatch,
    req: { query: URLSearchParams; headers: Record<string, string | string[] | undefined>; body: unknown },
  ): SpecProblem[];
  validateResponse(
    match: OperationMatch,
    res: { status: number; headers: Record<string, string | number | string[] | undefined>; body: unknown },
  ): SpecProblem[];
}
