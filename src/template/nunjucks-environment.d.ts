// nunjucks' Environment and Template without the rest of its index (precompiler, Express glue,
// Jinja compatibility): the render path loads only what it runs. Same classes as the index exports.
declare module 'nunjucks/src/environment.js' {
  import type { Environment, Template } from 'nunjucks';

  const environment: { Environment: typeof Environment; Template: typeof Template };
  export default environment;
}
