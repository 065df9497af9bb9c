// The workflow bundle's entry: every workflow type the worker registers.
export { caseWorkflow } from './case.workflow';
export { earlySignalWorkflow } from './early-signal.workflow';
export { retentionWorkflow } from './retention.workflow';
export { calendarBroadcastWorkflow, calendarCoverageWorkflow } from './calendar.workflow';
