import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Loaded by path (DataConverter.failureConverterPath, see platform/payload-codec.ts) by clients,
 * workers and the workflow bundle: a failure's message and stack trace are moved into an encoded
 * payload, which the encryption codec encrypts, so error texts in histories stay unreadable too.
 * Decoding accepts failures with and without encoded attributes.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
