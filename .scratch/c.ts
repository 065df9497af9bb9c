import { checkWorkflowBundle } from '../worker/workflow-bundle';
let t = process.hrtime.bigint(); const c = checkWorkflowBundle(); console.log(c.fresh, Number(process.hrtime.bigint() - t) / 1e6, 'ms');
t = process.hrtime.bigint(); checkWorkflowBundle(); console.log(Number(process.hrtime.bigint() - t) / 1e6, 'ms');
