#!/usr/bin/env node
// Entry point. Node >= 22.18 runs the TypeScript sources directly (type stripping), so there is no
// build step between a clone and `npx pnd`; the project's own node@24 devDependency provides that
// Node to every npm script and to npx.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `pnd needs Node.js 22.18 or newer (found ${process.versions.node}). ` +
      'Run it through npm (npx pnd, npm run pnd) so the project-provided Node 24 is used.',
  );
  process.exit(2);
}
// Node caches compiled code, including the type-stripped sources, across runs (in
// NODE_COMPILE_CACHE or the OS temp directory): a warm start costs what plain JavaScript costs.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
await import('../src/cli/main.ts');
