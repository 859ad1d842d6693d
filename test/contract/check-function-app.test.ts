import { useSimulators } from '../support/simulator.ts';
import { describeCheckContract } from './suites/check.ts';
import { seedCheckFixture } from './support-checks.ts';

const start = useSimulators();

describeCheckContract('function-app', () => seedCheckFixture(start, 'function-app'));
