import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import {
  decodeArrayFromPayloads,
  decodeOptionalFailureToOptionalError,
  encodeErrorToFailure,
  encodeToPayloads,
} from '@temporalio/common/lib/internal-non-workflow';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { parseConfig } from '../../platform/config';
import {
  dataConverter,
  DEV_KEY_ID,
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA_KEY,
  parsePayloadKeys,
  payloadKeyring,
  PayloadDecryptionError,
  payloadWorkflowId,
  WORKFLOW_ID_METADATA_KEY,
} from '../../platform/payload-codec';

const key = () => randomBytes(32);
const codecWith = (current: string, keys: Record<string, Buffer>) => new EncryptionCodec({ currentKeyId: current, keys: new Map(Object.entries(keys)) });
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

const personal = { bsn: '123456782', firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2012-03-04', email: 'verzuim@school.example' };
const plain = (): Payload[] => [defaultPayloadConverter.toPayload(personal)!, defaultPayloadConverter.toPayload(null)!];

describe('EncryptionCodec (AES-256-GCM)', () => {
  test('round trip: the encoded payloads carry the encoding and key id, and nothing readable', async () => {
    const codec = codecWith('k1', { k1: key() });
    const encoded = await codec.encode(plain());
    expect(encoded).toHaveLength(2);
    for (const p of encoded) {
      expect(text(p.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
      expect(text(p.metadata![KEY_ID_METADATA_KEY])).toBe('k1');
      expect(Object.keys(p.metadata!).sort()).toEqual([METADATA_ENCODING_KEY, KEY_ID_METADATA_KEY].sort());
    }
    const raw = Buffer.concat(encoded.map((p) => Buffer.from(p.data!))).toString('latin1');
    for (const v of Object.values(personal)) expect(raw).not.toContain(v);
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([personal, null]);
  });

  test('a fresh IV per payload: the same value encrypts differently each time', async () => {
    const codec = codecWith('k1', { k1: key() });
    const [a, b] = await codec.encode([plain()[0]!, plain()[0]!]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
  });

  test('key rotation: data encrypted with an old key still decodes after the current key changed', async () => {
    const old = key();
    const next = key();
    const before = await codecWith('2026-01', { '2026-01': old }).encode(plain());
    const rotated = codecWith('2026-07', { '2026-01': old, '2026-07': next });
    expect((await rotated.decode(before)).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([personal, null]);
    const after = await rotated.encode(plain());
    expect(text(after[0]!.metadata![KEY_ID_METADATA_KEY])).toBe('2026-07');
    // Once the old key is removed from the configuration, its payloads no longer decode.
    await expect(codecWith('2026-07', { '2026-07': next }).decode(before)).rejects.toThrow(/no payload key with id '2026-01'/);
  });

  test('tampered ciphertext, a swapped tag or a relabelled key id fail authentication', async () => {
    const k1 = key();
    const codec = codecWith('k1', { k1, k2: k1 });
    const [p] = await codec.encode([plain()[0]!]);
    const flip = (i: number) => {
      const data = Buffer.from(p!.data!);
      data[i] = data[i]! ^ 0x01;
      return { ...p!, data: new Uint8Array(data) };
    };
    await expect(codec.decode([flip(20)])).rejects.toThrow(PayloadDecryptionError); // ciphertext
    await expect(codec.decode([flip(p!.data!.length - 1)])).rejects.toThrow(/failed authentication/); // tag
    await expect(codec.decode([flip(0)])).rejects.toThrow(/failed authentication/); // IV
    // Same key bytes under another id: the key id is authenticated data, so this fails too.
    const relabelled = { ...p!, metadata: { ...p!.metadata, [KEY_ID_METADATA_KEY]: new TextEncoder().encode('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/failed authentication/);
    await expect(codec.decode([{ ...p!, data: new Uint8Array(5) }])).rejects.toThrow(/too short/);
  });

  test('payloads that are not encrypted pass through unchanged (old histories, recorded fixtures)', async () => {
    const codec = codecWith('k1', { k1: key() });
    const payloads = plain();
    expect(await codec.decode(payloads)).toEqual(payloads);
    const binary: Payload = { metadata: { [METADATA_ENCODING_KEY]: new TextEncoder().encode('binary/null') } };
    expect(await codec.decode([binary])).toEqual([binary]);
  });
});

describe('payload keys from configuration', () => {
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64');
  const base = { DATABASE_URL: 'postgresql://u@h/db' };
  const production = { ...base, NODE_ENV: 'production', SMTP_HOST: 'smtp.example' };

  test('PAYLOAD_KEYS parses id:base64 pairs of 32-byte keys', () => {
    const keys = parsePayloadKeys(`2026-01:${k1}, 2026-07:${k2}`);
    expect([...keys.keys()]).toEqual(['2026-01', '2026-07']);
    expect(keys.get('2026-07')!.toString('base64')).toBe(k2);
    expect(() => parsePayloadKeys(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parsePayloadKeys('k1:not base64!')).toThrow(/32 bytes/);
    expect(() => parsePayloadKeys(k1)).toThrow(/entry 1 must be id:base64key/);
    expect(() => parsePayloadKeys(`k1:${k1},k1:${k2}`)).toThrow(/listed twice/);
  });

  test('production without keys stops with one line naming PAYLOAD_KEYS; bad keys and ids are refused without echoing the key', () => {
    expect(() => parseConfig(production)).toThrow('PAYLOAD_KEYS: is required in production (encryption of workflow payloads)');
    expect(parseConfig({ ...production, PAYLOAD_KEYS: `k1:${k1}` }).PAYLOAD_KEYS).toBe(`k1:${k1}`);
    const short = randomBytes(31).toString('base64');
    let message = '';
    try {
      parseConfig({ ...base, PAYLOAD_KEYS: `k1:${short}` });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^invalid configuration: PAYLOAD_KEYS: key 'k1' must be 32 bytes/);
    expect(message).not.toContain(short);
    expect(() => parseConfig({ ...base, PAYLOAD_KEYS: `k1:${k1},k2:${k2}` })).toThrow(/PAYLOAD_KEY_ID: must name the current key, one of: k1, k2/);
    expect(() => parseConfig({ ...base, PAYLOAD_KEYS: `k1:${k1}`, PAYLOAD_KEY_ID: 'k9' })).toThrow(/PAYLOAD_KEY_ID/);
    expect(() => parseConfig({ ...base, PAYLOAD_KEY_ID: 'k1' })).toThrow(/PAYLOAD_KEY_ID: is set but PAYLOAD_KEYS is not/);
    expect(parseConfig({ ...base, PAYLOAD_KEYS: `k1:${k1},k2:${k2}`, PAYLOAD_KEY_ID: 'k2' }).PAYLOAD_KEY_ID).toBe('k2');
  });

  test('development and tests without keys: a fixed development key, with a warning', async () => {
    const warnings: string[] = [];
    const ring = payloadKeyring(parseConfig(base), { warn: (m: string) => warnings.push(m) } as never);
    expect(ring.currentKeyId).toBe(DEV_KEY_ID);
    expect(warnings).toEqual([expect.stringContaining('PAYLOAD_KEYS is not set')]);
    // Fixed: another process (the API, the worker, a test client) derives the same key.
    const a = payloadKeyring(parseConfig(base));
    expect(a.keys.get(DEV_KEY_ID)!.equals(ring.keys.get(DEV_KEY_ID)!)).toBe(true);
    // With keys configured outside production, payloads of the development key stay readable; in production never.
    const devEncoded = await new EncryptionCodec(ring).encode(plain());
    const configured = payloadKeyring(parseConfig({ ...base, PAYLOAD_KEYS: `k1:${k1}` }));
    expect(configured.currentKeyId).toBe('k1');
    expect(await new EncryptionCodec(configured).decode(devEncoded)).toHaveLength(2);
    const prod = payloadKeyring(parseConfig({ ...production, PAYLOAD_KEYS: `k1:${k1}` }));
    expect([...prod.keys.keys()]).toEqual(['k1']);
    expect(() => payloadKeyring({ NODE_ENV: 'production', PAYLOAD_KEYS: undefined, PAYLOAD_KEY_ID: undefined })).toThrow(/required in production/);
  });
});

describe('dataConverter(config)', () => {
  const converter = loadDataConverter(dataConverter(parseConfig({ DATABASE_URL: 'postgresql://u@h/db', PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}` })));

  test('values go through the codec as the SDK encodes them, and come back', async () => {
    const payloads = (await encodeToPayloads(converter, personal, 'x'))!;
    expect(payloads.map((p) => text(p.metadata![METADATA_ENCODING_KEY]))).toEqual([ENCRYPTED_ENCODING, ENCRYPTED_ENCODING]);
    expect(await decodeArrayFromPayloads(converter, payloads)).toEqual([personal, 'x']);
  });

  test('failure messages and stack traces are encoded (then encrypted) too, and decode', async () => {
    const failure = await encodeErrorToFailure(converter, ApplicationFailure.create({ message: `no youth with BSN ${personal.bsn}`, type: 'NotFound' }));
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(text(failure.encodedAttributes!.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(JSON.stringify(failure)).not.toContain(personal.bsn);
    const error = await decodeOptionalFailureToOptionalError(converter, failure);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error!.message).toBe(`no youth with BSN ${personal.bsn}`);
  });
});

describe('payloads bound to their workflow (issue 18)', () => {
  const codec = new EncryptionCodec({ currentKeyId: 'k1', keys: new Map([['k1', Buffer.alloc(32, 7)]]) });
  const plain: Payload = { metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode('{"bsn":"123456782"}') };
  test('the workflow of the serialization context is in the metadata and authenticated', async () => {
    const [p] = await codec.encode([plain], { type: 'workflow', namespace: 'default', workflowId: 'case-M-1' });
    expect(payloadWorkflowId(p!)).toBe('case-M-1');
    expect(await codec.decode([p!])).toEqual([expect.objectContaining({ data: plain.data })]);
    const relabelled = { ...p!, metadata: { ...p!.metadata, [WORKFLOW_ID_METADATA_KEY]: new TextEncoder().encode('case-M-2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/failed authentication/);
    const unbound = { ...p!, metadata: Object.fromEntries(Object.entries(p!.metadata!).filter(([k]) => k !== WORKFLOW_ID_METADATA_KEY)) };
    await expect(codec.decode([unbound])).rejects.toThrow(/failed authentication/);
  });
  test('an activity payload is bound to the workflow that scheduled it', async () => {
    const [p] = await codec.encode([plain], { type: 'activity', namespace: 'default', workflowId: 'signal-S-1', activityId: '1', isLocal: false });
    expect(payloadWorkflowId(p!)).toBe('signal-S-1');
  });
});
