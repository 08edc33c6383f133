/**
 * Merchant tokens at rest: AES-256-GCM under a key from the environment (`CLOVERQL_FLEET_KEY`),
 * a fresh 12-byte IV per token, and the merchant id as additional data, so a ciphertext copied
 * onto another merchant's row does not decrypt. Stored as `v1:<base64 of iv ‖ tag ‖ ciphertext>`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FleetError } from '../fleet-error.js';

/** The environment variable that holds the key. */
export const FLEET_KEY_ENV = 'CLOVERQL_FLEET_KEY';

const PREFIX = 'v1:';

/**
 * The 32-byte key from its text: 64 hex digits or the base64 of 32 bytes (`openssl rand
 * -base64 32`).
 *
 * @throws FleetError NO_KEY when empty, BAD_KEY when not 32 bytes.
 * @example parseFleetKey(process.env.CLOVERQL_FLEET_KEY)
 */
export function parseFleetKey(text: string | undefined): Buffer {
  const t = text?.trim() ?? '';
  if (!t) {
    throw new FleetError(
      'NO_KEY',
      `${FLEET_KEY_ENV} is not set: the fleet encrypts merchant tokens with it (make one with: openssl rand -base64 32)`,
    );
  }
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32 || (!/^[0-9a-f]{64}$/i.test(t) && key.toString('base64') !== t)) {
    throw new FleetError(
      'BAD_KEY',
      `${FLEET_KEY_ENV} must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)`,
    );
  }
  return key;
}

/**
 * Encrypts a merchant's token.
 *
 * @example const stored = encryptToken('secret', key, 'MERCHANT00001');
 */
export function encryptToken(token: string, key: Buffer, merchantId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(merchantId, 'utf8'));
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * Decrypts what {@link encryptToken} stored for `merchantId`.
 *
 * @throws FleetError DECRYPT for another key, another merchant or a damaged value.
 */
export function decryptToken(stored: string, key: Buffer, merchantId: string): string {
  const fail = () =>
    new FleetError(
      'DECRYPT',
      `cannot decrypt the token of merchant ${merchantId}: ${FLEET_KEY_ENV} is not the key it was added with, or the row is damaged`,
    );
  if (!stored.startsWith(PREFIX)) throw fail();
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
  if (raw.length < 12 + 16) throw fail();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(merchantId, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw fail();
  }
}
