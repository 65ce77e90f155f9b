import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, PayloadDecryptionError } from './payload-codec';

const key = (id: string) => ({ id, key: randomBytes(32) });
const text = (payload: Payload | undefined) => Buffer.from(payload?.data ?? []).toString('utf8');
const meta = (payload: Payload | undefined, name: string) => Buffer.from(payload?.metadata?.[name] ?? []).toString();

describe('EncryptionCodec', () => {
  const old = key('2026-06');
  const current = key('2027-01');
  const note = defaultPayloadConverter.toPayload({ note: 'Met at the Fruitvale library, room 3' });

  it('encrypts a payload so neither its value nor its encoding is readable, and decrypts it back', async () => {
    const codec = new EncryptionCodec({ activeKeyId: current.id, keys: [current] });

    const [encoded] = await codec.encode([note]);
    expect(meta(encoded, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(meta(encoded, KEY_ID_METADATA)).toBe('2027-01');
    expect(text(encoded)).not.toContain('Fruitvale');
    expect(text(encoded)).not.toContain('json/plain');

    const [decoded] = await codec.decode(encoded ? [encoded] : []);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ note: 'Met at the Fruitvale library, room 3' });
    expect(meta(decoded, 'encoding')).toBe('json/plain');
  });

  it('uses a fresh nonce for every payload, so equal values do not look equal', async () => {
    const codec = new EncryptionCodec({ activeKeyId: current.id, keys: [current] });
    const [first, second] = await codec.encode([note, note]);
    expect(Buffer.from(first?.data ?? []).equals(Buffer.from(second?.data ?? []))).toBe(false);
  });

  it('still decrypts payloads of a rotated-out key while encrypting with the new active key', async () => {
    const before = new EncryptionCodec({ activeKeyId: old.id, keys: [old] });
    const after = new EncryptionCodec({ activeKeyId: current.id, keys: [current, old] });
    const [sealedBefore] = await before.encode([note]);

    const [decoded] = await after.decode([sealedBefore!]);
    const [sealedAfter] = await after.encode([note]);

    expect(text(decoded)).toContain('Fruitvale');
    expect(meta(sealedAfter, KEY_ID_METADATA)).toBe('2027-01');
  });

  it('refuses a payload of a key it does not hold, naming the key', async () => {
    const [sealed] = await new EncryptionCodec({ activeKeyId: old.id, keys: [old] }).encode([note]);
    const codec = new EncryptionCodec({ activeKeyId: current.id, keys: [current] });

    await expect(codec.decode([sealed!])).rejects.toThrow(
      new PayloadDecryptionError(
        'a payload is encrypted with key "2026-06", which is not configured (configured: 2027-01); add it to PAYLOAD_CODEC_KEYS',
      ),
    );
  });

  it('refuses a payload whose ciphertext, key id or length was tampered with', async () => {
    const other = { id: 'other', key: randomBytes(32) };
    const codec = new EncryptionCodec({ activeKeyId: current.id, keys: [current, other] });
    const [sealed] = await codec.encode([note]);
    const data = Buffer.from(sealed!.data!);
    const flipped = Buffer.from(data);
    flipped[20] = (flipped[20] ?? 0) ^ 1;

    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(/failed authentication/);
    const relabelled = { ...sealed, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('other') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/failed authentication/);
    await expect(codec.decode([{ ...sealed, data: data.subarray(0, 10) }])).rejects.toThrow(/too short/);
    const unlabelled = { metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING) }, data };
    await expect(codec.decode([unlabelled])).rejects.toThrow(/carries no encryption-key-id/);
  });

  it('passes payloads that are not encrypted through decode unchanged (histories from before encryption)', async () => {
    const codec = new EncryptionCodec({ activeKeyId: current.id, keys: [current] });
    const binary = defaultPayloadConverter.toPayload(new Uint8Array([1, 2, 3]));
    const empty = defaultPayloadConverter.toPayload(undefined);

    await expect(codec.decode([note, binary, empty])).resolves.toEqual([note, binary, empty]);
  });

  it('will not start with a key of the wrong length or an active key it does not have', () => {
    expect(() => new EncryptionCodec({ activeKeyId: 'short', keys: [{ id: 'short', key: randomBytes(16) }] })).toThrow(
      'payload key "short" must be 32 bytes',
    );
    expect(() => new EncryptionCodec({ activeKeyId: 'missing', keys: [current] })).toThrow(/not among/);
  });
});
