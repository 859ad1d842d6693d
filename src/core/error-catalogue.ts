/**
 * The one catalogue of pnd's errors, as semantic-release keeps one (lib/definitions/errors.js):
 * per code, what it means, the exit code, what to do when the raising site has nothing more
 * precise to say, and the page that explains it. A PndError carries its code; the CLI and the
 * Action read the rest here. Adding a code means adding its entry (the type makes it required).
 */
export const ERROR_CATALOGUE = {
  'config-invalid': {
    message: 'The configuration is invalid.',
    exit: 2,
    hint: 'Fix pnd.yaml at the line and column shown; `pnd config check` lists every problem.',
    docs: 'docs/configuration.md',
  },
  'input-invalid': {
    message: 'An option, argument or environment variable is invalid or missing.',
    exit: 2,
    hint: 'Run the command with --help for its options and the environment it reads.',
    docs: 'docs/cli.md',
  },
  'not-found': {
    message: 'A vendor does not have the resource, or the credential cannot see it.',
    exit: 1,
    hint: 'Check the name in pnd.yaml and that the credential may read it.',
    docs: 'docs/providers/README.md',
  },
  'auth-failed': {
    message: 'A vendor did not accept the credential.',
    exit: 4,
    hint: 'Set a valid credential for that vendor; its docs page lists where pnd reads it from.',
    docs: 'docs/providers/README.md',
  },
  forbidden: {
    message: 'A vendor refused the request for lack of permission.',
    exit: 4,
    hint: 'Grant the permission named in the error to the identity pnd runs as.',
    docs: 'docs/providers/README.md',
  },
  'rate-limited': {
    message: 'A vendor is throttling pnd.',
    exit: 1,
    hint: 'Wait for the limit to reset and run the command again; it resumes where it stopped.',
    docs: 'docs/providers/github.md',
  },
  conflict: {
    message: 'A vendor refused the change in the resource’s current state.',
    exit: 1,
    hint: 'Someone changed it meanwhile: run the command again; it re-reads the state before acting.',
    docs: 'docs/deploy-day.md',
  },
  'remote-failed': {
    message: 'A vendor failed to answer.',
    exit: 1,
    hint: 'Run the command again later; it resumes where it stopped.',
    docs: 'docs/deploy-day.md',
  },
  network: {
    message: 'A vendor could not be reached.',
    exit: 1,
    hint: 'Check the endpoint in pnd.yaml, the network and the CA pnd trusts (NODE_EXTRA_CA_CERTS).',
    docs: 'docs/providers/README.md',
  },
  'connection-refused': {
    message: 'Nothing listens at the vendor’s address (connection refused).',
    exit: 1,
    hint: 'Check the URL under endpoints in pnd.yaml or GITHUB_API_URL, and that the service is up.',
    docs: 'docs/cli.md',
  },
  'dns-failed': {
    message: 'The vendor’s host name does not resolve.',
    exit: 1,
    hint: 'Check the host name in pnd.yaml or GITHUB_API_URL, and the machine’s DNS.',
    docs: 'docs/cli.md',
  },
  'tls-failed': {
    message: 'The vendor’s certificate was not accepted.',
    exit: 1,
    hint: 'Add the CA that signed it with NODE_EXTRA_CA_CERTS (a cluster: its caFile); TLS checks are never turned off.',
    docs: 'docs/cli.md',
  },
  timeout: {
    message: 'A vendor did not answer within the request timeout.',
    exit: 1,
    hint: 'Run the command again later; it resumes where it stopped.',
    docs: 'docs/cli.md',
  },
  'connection-reset': {
    message: 'The connection to a vendor was dropped before its answer.',
    exit: 1,
    hint: 'Run the command again; it re-reads the state before acting, so nothing is done twice.',
    docs: 'docs/cli.md',
  },
  'credential-missing': {
    message: 'No credential for a vendor was found; nothing was sent.',
    exit: 4,
    hint: 'Sign in or set the vendor’s credential; its docs page lists where pnd reads it from.',
    docs: 'docs/providers/README.md',
  },
  'wait-timeout': {
    message: 'A wait would end after the command’s --timeout.',
    exit: 5,
    hint: 'Run the same command after the time shown (it resumes), or with a longer --timeout.',
    docs: 'docs/cli.md',
  },
  locked: {
    message: 'Another run is acting on the environment.',
    exit: 6,
    hint: 'Wait for it (--wait DURATION) or ask its holder; a run that died frees the lock by itself.',
    docs: 'docs/journal.md',
  },
  'target-locked': {
    message: 'A person has locked the environment or component (pnd lock); nothing was changed.',
    exit: 7,
    hint: 'Ask the lock’s author to run `pnd unlock`, or deploy anyway with --override "REASON" (recorded).',
    docs: 'docs/cli.md',
  },
  frozen: {
    message:
      'Today is a freeze day for the environment (freezes or holidays in pnd.yaml); nothing was changed.',
    exit: 7,
    hint: 'Deploy on another day, or deploy anyway with --override "REASON" (recorded).',
    docs: 'docs/configuration.md',
  },
  'journal-failed': {
    message: 'The journal failed during the run; pnd stopped before its next remote write.',
    exit: 1,
    hint: 'Restore the journal and run the same command again; it re-reads the remote state before acting.',
    docs: 'docs/journal.md',
  },
  internal: {
    message: 'pnd failed unexpectedly.',
    exit: 1,
    hint: 'Report it with the command and its output (secrets are never printed).',
    docs: 'README.md',
  },
} as const satisfies Record<string, { message: string; exit: number; hint: string; docs: string }>;

export type PndErrorCode = keyof typeof ERROR_CATALOGUE;
