/**
 * V8 flags for the api and worker processes the tests start (jest's own processes get the same
 * from package.json's test script): garbage collection on the thread that allocates, without
 * V8's helper threads. Five test files side by side keep both cores busy, so those threads add
 * work rather than speed: the workflow files took about 4% less CPU (README, Tests).
 */
export const TEST_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];
