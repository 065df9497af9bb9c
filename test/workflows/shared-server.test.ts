import { useSharedServer } from './suites/shared-env';
// The suites register their tests as they are imported, in this order: the calendar first (it
// counts from today), then the case workflow phase by phase, the huisbezoek and the thuiszitter,
// the early signal workflow, the school's e-mail and the process runner's mechanics.
import './suites/calendar';
import './suites/intake';
import './suites/onderzoek';
import './suites/routes';
import './suites/huisbezoek-thuiszitter';
import './suites/early-signal';
import './suites/school-mail';
import './suites/process-runner';

/**
 * The case and early-signal workflows on Temporal's time-skipping test server with the real
 * activities on PostgreSQL, suite by suite (test/workflows/suites/), on one server and worker.
 */
useSharedServer();
