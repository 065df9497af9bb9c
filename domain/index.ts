// The pure rules, safe inside workflow code: no I/O, no clock, no randomness.
export * from './dates';
export * from './rule-violation';
export * from './calendar';
export * from './melding';
export * from './regime';
export * from './policy';
export * from './halt';
export * from './routes';
export * from './vrijstelling';
export * from './duo-status';
