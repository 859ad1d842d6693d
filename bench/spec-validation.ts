/**
 * What spec validation costs per call, on the heaviest response the simulator validates often:
 * a GitHub page of 30 issues. Baseline in the same run: JSON.stringify of the same page (which
 * the server does for every response anyway). Prints figures; asserts nothing.
 *
 *   node bench/spec-validation.ts
 */
import { githubIssuePage } from '../src/sim/spec/sample-bodies.ts';
import { loadSpecValidator } from '../src/sim/spec/index.ts';

const validator = loadSpecValidator();
const match = validator.match('github', 'GET', '/repos/contoso/platform/issues');
if (!match) throw new Error('The GitHub issues list is not in spec/github.json.');
const page = githubIssuePage(30);
const res = { status: 200, headers: { link: '<https://api.github.com/x?page=2>; rel="next"' }, body: page };

function microsPerCall(fn: () => void): number {
  for (let i = 0; i < 3000; i++) fn(); // let V8 reach its optimising tier
  const batches: number[] = [];
  for (let b = 0; b < 9; b++) {
    const start = performance.now();
    for (let i = 0; i < 300; i++) fn();
    batches.push(((performance.now() - start) / 300) * 1000);
  }
  return batches.sort((a, b) => a - b)[4]!; // median of batches: robust against a noisy neighbour
}

const problems = validator.validateResponse(match, res);
if (problems.length > 0) throw new Error(`The sample page does not validate: ${JSON.stringify(problems)}`);
const validate = microsPerCall(() => validator.validateResponse(match, res));
const stringify = microsPerCall(() => JSON.stringify(page));
console.log(
  `spec validation of a 30-issue GitHub page: ${validate.toFixed(1)} µs/call (median of 9 batches)`,
);
console.log(`baseline JSON.stringify of the same page:   ${stringify.toFixed(1)} µs/call`);
console.log(`ratio validation / stringify:              ${(validate / stringify).toFixed(2)}x`);
