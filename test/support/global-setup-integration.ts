import { startSharedApp, startStack } from './stack';

/**
 * The integration project's setup: the stack (shared with the workflow project; jest calls each
 * setup file once) and the api and worker that the integration files share.
 */
export default async function globalSetup(): Promise<void> {
  await startStack();
  await startSharedApp();
}
