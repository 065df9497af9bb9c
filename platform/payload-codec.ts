import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec, type SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Config } from './config';
import type { Logger } from './logger';
import { root } from './root';

/**
 * Encryption of every Temporal payload (workflow inputs and results, signal, query and update
 * arguments and results, activity inputs and results) with AES-256-GCM, so that the Temporal
 * server's storage holds no readable personal data. Each payload gets a random 12-byte IV; the key
 * id travels in the payload's metadata, so keys can rotate: new payloads use the current key, old
 * ones decode with any key still listed. Payloads that are not encrypted (histories from before
 * this codec, recorded fixtures) pass through unchanged.
 *
 * Wire format of `data`: IV (12 bytes) | ciphertext | GCM tag (16 bytes); the plaintext is the
 * original Payload, protobuf-encoded. The key id is bound as additional authenticated data, so a
 * payload relabelled with another key id fails like a tampered one.
 *
 * The workflow a payload belongs to (the SDK's serialization context: the case or early signal
 * workflow, or the workflow that scheduled an activity) travels in the metadata too and is bound
 * the same way (issue 18): the codec endpoint decodes a payload only for a user who may read that
 * case, and a payload copied into another case's label fails authentication. Decoding never needs
 * the context: the binding is read from the payload itself, so every path the SDK takes decodes.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA_KEY = 'encryption-key-id';
export const WORKFLOW_ID_METADATA_KEY = 'encryption-workflow-id';

/** The additional authenticated data: the key id, and the owning workflow when the payload is bound to one. */
const aad = (keyId: string, workflowId: string | undefined) => Buffer.from(workflowId === undefined ? keyId : `${keyId}\n${workflowId}`, 'utf8');

/** The workflow an encrypted payload is bound to, if any (readable without the key). */
export function payloadWorkflowId(payload: Payload): string | undefined {
  return text(payload.metadata?.[WORKFLOW_ID_METADATA_KEY]);
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export type PayloadKeyring = {
  /** The key new payloads are encrypted with. */
  currentKeyId: string;
  /** Every key payloads may be decrypted with, by id (the current one included). */
  keys: ReadonlyMap<string, Buffer>;
};

export class PayloadDecryptionError extends Error {}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

export class EncryptionCodec implements PayloadCodec {
  private readonly currentKey: Buffer;

  constructor(private readonly keyring: PayloadKeyring) {
    const key = keyring.keys.get(keyring.currentKeyId);
    if (!key) throw new Error(`the current payload key '${keyring.currentKeyId}' is not in the keyring`);
    this.currentKey = key;
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflowId = context?.workflowId || undefined;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.currentKey, iv);
      cipher.setAAD(aad(this.keyring.currentKeyId, workflowId));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA_KEY]: utf8(this.keyring.currentKeyId),
          ...(workflowId !== undefined && { [WORKFLOW_ID_METADATA_KEY]: utf8(workflowId) }),
        },
        data: new Uint8Array(data),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID_METADATA_KEY]);
      if (!keyId) throw new PayloadDecryptionError('encrypted payload without a key id');
      const key = this.keyring.keys.get(keyId);
      if (!key) throw new PayloadDecryptionError(`no payload key with id '${keyId}' is configured`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(aad(keyId, payloadWorkflowId(payload)));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadDecryptionError(`encrypted payload failed authentication (key '${keyId}'): tampered or wrong key`);
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The id and key of the fixed key development and tests use when PAYLOAD_KEYS is not set. */
export const DEV_KEY_ID = 'dev';
const DEV_KEY = createHash('sha256').update('verzuimregie development payload key (not secret)').digest();

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Parses `PAYLOAD_KEYS`: `id:base64key,id2:base64key`, each key 32 bytes (e.g. `openssl rand -base64 32`).
 * Throws with a message that names the entry (never the key) when one is malformed.
 */
export function parsePayloadKeys(value: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const [i, entry] of value.split(',').map((e) => e.trim()).entries()) {
    const sep = entry.indexOf(':');
    const id = sep > 0 ? entry.slice(0, sep) : '';
    const b64 = sep > 0 ? entry.slice(sep + 1).trim() : '';
    if (!KEY_ID.test(id)) throw new Error(`entry ${i + 1} must be id:base64key with an id of letters, digits, '.', '_' or '-'`);
    const key = Buffer.from(b64, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || key.toString('base64') !== b64 || key.length !== KEY_BYTES)
      throw new Error(`key '${id}' must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)`);
    if (keys.has(id)) throw new Error(`key id '${id}' is listed twice`);
    keys.set(id, key);
  }
  return keys;
}

/**
 * The keyring from configuration. PAYLOAD_KEYS and PAYLOAD_KEY_ID are validated by the config
 * schema (production requires them). Without them, development and tests use a fixed key derived
 * from a constant, with a warning; outside production that key also stays known for decryption,
 * so local histories written before keys were configured remain readable.
 */
export function payloadKeyring(
  config: Pick<Config, 'NODE_ENV' | 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>,
  log?: Pick<Logger, 'warn'>,
): PayloadKeyring {
  const dev = config.NODE_ENV !== 'production';
  if (!config.PAYLOAD_KEYS) {
    if (!dev) throw new Error('PAYLOAD_KEYS is required in production');
    log?.warn('PAYLOAD_KEYS is not set: workflow payloads are encrypted with the fixed development key (never use this in production)');
    return { currentKeyId: DEV_KEY_ID, keys: new Map([[DEV_KEY_ID, DEV_KEY]]) };
  }
  const keys = parsePayloadKeys(config.PAYLOAD_KEYS);
  const currentKeyId = config.PAYLOAD_KEY_ID ?? [...keys.keys()][0]!;
  if (dev && !keys.has(DEV_KEY_ID)) keys.set(DEV_KEY_ID, DEV_KEY);
  return { currentKeyId, keys };
}

/**
 * Failure messages and stack traces go into an encoded payload too (so the codec encrypts them);
 * the module exports `failureConverter` for the SDK to load by path (client, worker and bundle).
 */
export const FAILURE_CONVERTER_PATH = path.join(root, 'platform', 'failure-converter.js');

/** The data converter of every Temporal client and worker of the project. */
export function dataConverter(
  config: Pick<Config, 'NODE_ENV' | 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>,
  log?: Pick<Logger, 'warn'>,
): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(payloadKeyring(config, log))],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
