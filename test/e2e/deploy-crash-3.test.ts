// pnd deploy killed after each mutating request and run again: shard 3 of 3 (see test/support/deploy-crash.ts).
import { crashPointSuite } from '../support/deploy-crash.ts';

crashPointSuite(3, 3);
