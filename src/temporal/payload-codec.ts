import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The metadata an encrypted payload carries: this encoding, and the id of the key that encrypted it. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** A named AES-256 key. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** The keys a process holds: the active one encrypts, every one of them decrypts (so a key can be rotated). */
export interface PayloadKeyring {
  activeKeyId: string;
  keys: PayloadKey[];
}

/** A payload that cannot be decrypted: unknown key, tampered or truncated data. Its message names the cause. */
export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

/**
 * Encrypts every payload with AES-256-GCM under the active key: the whole serialized payload (its own metadata
 * included) becomes the ciphertext, so nothing of the value or its encoding is readable in a history. The key id is
 * authenticated too (GCM additional data), so a payload cannot be relabelled with another key. Payloads without the
 * encrypted encoding decode unchanged: histories recorded before encryption (the v0.2.0 corpus) still replay.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly active: PayloadKey;

  constructor(keyring: PayloadKeyring) {
    this.keys = new Map(keyring.keys.map(({ id, key }) => [id, key]));
    for (const { id, key } of keyring.keys) {
      if (key.length !== KEY_BYTES) throw new Error(`payload key "${id}" must be ${KEY_BYTES} bytes`);
    }
    const active = this.keys.get(keyring.activeKeyId);
    if (!active) throw new Error(`the active payload key "${keyring.activeKeyId}" is not among the configured keys`);
    this.active = { id: keyring.activeKeyId, key: active };
  }

  // Async so that a bad payload rejects the promise rather than throwing at the call.
  // eslint-disable-next-line @typescript-eslint/require-await
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.active.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(this.active.id, 'utf8'));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(this.active.id),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!keyIdBytes) throw new PayloadDecryptionError(`an encrypted payload carries no ${KEY_ID_METADATA}`);
    const keyId = Buffer.from(keyIdBytes).toString('utf8');
    const key = this.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `a payload is encrypted with key "${keyId}", which is not configured (configured: ${[...this.keys.keys()].join(', ')}); add it to PAYLOAD_CODEC_KEYS`,
      );
    }
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    if (sealed.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`an encrypted payload (key "${keyId}") is too short to be genuine`);
    }
    const decipher = createDecipheriv(CIPHER, key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(keyIdBytes);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `an encrypted payload (key "${keyId}") failed authentication: it was altered, or the key is not the one it was encrypted with`,
      );
    }
    try {
      const decoded = temporal.api.common.v1.Payload.decode(plain);
      return { metadata: decoded.metadata, data: decoded.data };
    } catch {
      throw new PayloadDecryptionError(`an encrypted payload (key "${keyId}") does not hold a payload`);
    }
  }
}
