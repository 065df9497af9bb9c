// The pure half of the process runner (workflows/process-runner.ts): outbox, parked effects, timers.
export * from './outbox';
export * from './parked';
export * from './timers';
