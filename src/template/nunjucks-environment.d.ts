// nunjucks' Environment, Template and runtime without the rest of its index (precompiler, Express
// glue, Jinja compatibility): the render path loads only what it runs. Same objects the index exports.
// (skipLibCheck skips this file: keep it to names @types/nunjucks really declares.)
declare module 'nunjucks/src/environment.js' {
  import type { Environment, Template } from 'nunjucks';

  const environment: { Environment: typeof Environment; Template: typeof Template };
  export default environment;
}

declare module 'nunjucks/src/runtime.js' {
  import type { runtime } from 'nunjucks';

  const nunjucksRuntime: {
    SafeString: typeof runtime.SafeString;
    markSafe(value: string): runtime.SafeString;
  };
  export default nunjucksRuntime;
}

declare module 'nunjucks/src/compiler.js' {
  const nunjucksCompiler: {
    compile(
      src: string,
      asyncFilters: string[],
      extensions: unknown[],
      name: string | undefined,
      opts: object,
    ): string;
  };
  export default nunjucksCompiler;
}

declare module 'nunjucks/src/lib.js' {
  const nunjucksLib: {
    _prettifyError(path: string | undefined, withInternals: boolean, error: unknown): Error;
  };
  export default nunjucksLib;
}
