import type { IncomingHttpHeaders } from 'node:http';

/** The vendor APIs the simulator speaks; each maps to one trimmed description under spec/. */
export type Vendor =
  | 'github'
  | 'github-graphql'
  | 'azure-devops-release'
  | 'azure-devops-build'
  | 'arm-container-apps'
  | 'arm-web-apps'
  | 'kubernetes';

/** A request after routing: path is relative to the vendor's mount, params from the template. */
export interface SimRequest {
  method: string;
  vendor: Vendor;
  /** Full URL as received, for `url` fields and link headers. */
  url: URL;
  /** Path below the vendor mount, e.g. `/repos/o/r/issues`. */
  path: string;
  /** The route template that matched, e.g. `/repos/{owner}/{repo}/issues`. */
  template: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  rawBody: string;
  /** Who the token belongs to, set by the vendor profile's authenticate(). */
  principal: Principal;
  /** Base URL of this vendor's mount (`https://127.0.0.1:PORT/gh`), for building links. */
  base: string;
}

export interface Principal {
  /** login / uniqueName / object id of the caller, as the scenario's token table names it. */
  id: string;
  displayName?: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; ignored when `raw` is set. */
  body?: unknown;
  /** A non-JSON body, e.g. Azure DevOps' HTML sign-in page. */
  raw?: { contentType: string; text: string };
  /**
   * What was wrong with the request, for APIs the server cannot validate by description (GraphQL
   * queries are checked against GitHub's schema by the handler). The server records each as a
   * request problem and prints it loudly, like a request outside a description.
   */
  problems?: string[];
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/**
 * What differs between vendors outside their routes: how a token is checked, the error
 * envelope, and the rate-limit headers. Faults and unknown routes use these so that every
 * error the simulator makes looks like the vendor's own.
 */
export interface VendorProfile {
  vendor: Vendor;
  /** Returns the caller, or the vendor's response for a missing or bad credential. */
  /** May be async: a GitHub App's JWT is verified with WebCrypto. */
  authenticate(
    req: Omit<SimRequest, 'principal'>,
  ): Principal | SimResponse | Promise<Principal | SimResponse>;
  notFound(req: Omit<SimRequest, 'principal'>): SimResponse;
  /** A rate-limit refusal (`status` 429, or 403 where the vendor uses it) with the vendor's headers. */
  rateLimited(req: Omit<SimRequest, 'principal'>, status: 403 | 429, retryAfterSeconds: number): SimResponse;
  serverError(req: Omit<SimRequest, 'principal'>, status: number): SimResponse;
  /** A request the vendor would reject as malformed (GitHub 422, ADO 400, ARM 400, k8s 400). */
  badRequest(req: Omit<SimRequest, 'principal'>, message: string): SimResponse;
  /** A request body over the simulator's limit (413), refused before it is read to the end. */
  tooLarge(req: Omit<SimRequest, 'principal'>, limitBytes: number): SimResponse;
  /** Headers every response of this vendor carries (rate-limit counters, request ids). */
  decorate?(req: SimRequest, res: SimResponse): void;
}
