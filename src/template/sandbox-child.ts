// Entry point of the template renderer's process when pnd runs from its sources (the Action's
// bundle starts itself with SANDBOX_ARGUMENT instead). Started only by sandbox.ts.
import { serveSandboxedRender } from './sandbox-serve.ts';

serveSandboxedRender();
