import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A value sealed by {@link SecretBox}: all parts base64, safe to store as text. */
export interface SealedSecret {
  /** Which master key wrapped the data key (first 16 hex of its sha256). */
  keyId: string;
  /** The per-secret data key, encrypted with the master key: nonce ‖ ciphertext ‖ tag. */
  wrappedKey: string;
  /** Nonce of the data encryption. */
  nonce: string;
  /** The data, encrypted with the data key: ciphertext ‖ tag. */
  ciphertext: string;
}

/** Opening failed: wrong key, tampered ciphertext, or a different context. */
export class SecretTamperedError extends Error {
  constructor(
    message = 'the secret cannot be opened: it was altered, or sealed with another key or context',
  ) {
    super(message);
    this.name = 'SecretTamperedError';
  }
}

const TAG_BYTES = 16;

/**
 * Envelope encryption with AES-256-GCM: each secret gets a fresh data key, which the master key
 * wraps. `context` (e.g. `cluster/prod-1`) is bound as associated data, so a sealed value moved
 * to another record does not open.
 */
export class SecretBox {
  readonly keyId: string;
  readonly #masterKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.#masterKey = Buffer.from(masterKey);
    this.keyId = createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
  }

  /** Encrypts `plaintext` for `context`. */
  seal(plaintext: string | Buffer, context: string): SealedSecret {
    const dataKey = randomBytes(32);
    const wrapNonce = randomBytes(12);
    const wrapped = encrypt(this.#masterKey, wrapNonce, dataKey, `berth-key:${this.keyId}:${context}`);
    const nonce = randomBytes(12);
    const ciphertext = encrypt(dataKey, nonce, Buffer.from(plaintext), context);
    dataKey.fill(0);
    return {
      keyId: this.keyId,
      wrappedKey: Buffer.concat([wrapNonce, wrapped]).toString('base64'),
      nonce: nonce.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** Decrypts a sealed value for `context`; throws {@link SecretTamperedError} if anything differs. */
  open(sealed: SealedSecret, context: string): Buffer {
    if (sealed.keyId !== this.keyId)
      throw new SecretTamperedError(
        `the secret was sealed with master key ${sealed.keyId}, not ${this.keyId}`,
      );
    try {
      const wrapped = Buffer.from(sealed.wrappedKey, 'base64');
      const dataKey = decrypt(
        this.#masterKey,
        wrapped.subarray(0, 12),
        wrapped.subarray(12),
        `berth-key:${this.keyId}:${context}`,
      );
      const plain = decrypt(
        dataKey,
        Buffer.from(sealed.nonce, 'base64'),
        Buffer.from(sealed.ciphertext, 'base64'),
        context,
      );
      dataKey.fill(0);
      return plain;
    } catch {
      throw new SecretTamperedError();
    }
  }

  /** Never print the key. */
  toJSON(): { keyId: string } {
    return { keyId: this.keyId };
  }
}

function encrypt(key: Buffer, nonce: Buffer, data: Buffer, aad: string): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
}

function decrypt(key: Buffer, nonce: Buffer, sealed: Buffer, aad: string): Buffer {
  if (nonce.length !== 12 || sealed.length < TAG_BYTES) throw new Error('malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}
