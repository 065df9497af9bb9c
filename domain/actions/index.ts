// The action registry: every consultant action and every fact from outside, declared once (pure, safe in workflow code).
export * from './spec';
export * from './severity';
export * from './answers';
export * from './case';
export * from './early-signal';
export * from './run-case';
export * from './run-early-signal';
