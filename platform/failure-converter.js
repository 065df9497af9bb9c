'use strict';
// Plain JavaScript, not TypeScript: the SDK loads this module by path with require()
// (DataConverter.failureConverterPath, see platform/payload-codec.ts), also in the api and worker
// processes that run from the app bundles (dist/app/), where no TypeScript loader is installed.
const { DefaultFailureConverter } = require('@temporalio/common');

/**
 * Loaded by clients, workers and the workflow bundle: a failure's message and stack trace are moved
 * into an encoded payload, which the encryption codec encrypts, so error texts in histories stay
 * unreadable too. Decoding accepts failures with and without encoded attributes.
 */
exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
