#!/usr/bin/env node
// Entry point. Node >= 22.18 runs the TypeScript sources directly (type stripping), so there is no
// build step between a clone and `npx pnd`; the project's own node@24 devDependency provides that
// Node to every npm script and to npx (npm puts node_modules/.bin first on PATH).
const MINIMUM = [22, 18];
const satisfies = (version) => {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
};
if (!satisfies(process.versions.node)) {
  console.error(
    `pnd needs Node.js ${MINIMUM.join('.')} or newer; this is Node ${process.versions.node} (${process.execPath}). ` +
      'In a clone of pnd, `npm ci` installs the project’s Node 24 and `npx pnd` / `npm run pnd` run on it; ' +
      `elsewhere, install Node ${MINIMUM.join('.')} or newer.`,
  );
  process.exit(2);
}
// When `npx` installs pnd outside a clone on an older Node, npm itself prints EBADENGINE for the
// "engines" field (twice, with npm 11.19) before the message above; the package cannot
// silence npm's warning without hiding every npm warning (loglevel), so that message is pnd's one
// clear statement of what runs and what to do. Inside a clone, npx finds node@24 first on PATH.
// Node caches compiled code, including the type-stripped sources, across runs (in
// NODE_COMPILE_CACHE or the OS temp directory): a warm start costs what plain JavaScript costs.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import('../src/cli/main.ts');
