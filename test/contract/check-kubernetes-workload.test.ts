import { useSimulators } from '../support/simulator.ts';
import { describeCheckContract } from './suites/check.ts';
import { seedCheckFixture } from './support-checks.ts';

const start = useSimulators();

describeCheckContract('kubernetes-workload', () => seedCheckFixture(start, 'kubernetes-workload'));
