import { createPrivateKey, type KeyObject } from 'node:crypto';

const PEM_PRIVATE_KEY = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----/;

/** Private keys pasted from `.env` files often carry `\n` escapes instead of line breaks. */
function unescaped(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}

function rsaKeyOf(pem: string): KeyObject | string {
  const text = unescaped(pem).trim();
  if (!PEM_PRIVATE_KEY.test(text))
    return 'must be a PEM private key (`-----BEGIN RSA PRIVATE KEY-----` or `-----BEGIN PRIVATE KEY-----`), as GitHub lets you download it';
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    return 'is not a readable PEM private key (unencrypted PKCS#1 or PKCS#8)';
  }
  if (key.asymmetricKeyType !== 'rsa') return 'must be an RSA key: GitHub Apps sign their JWTs with RS256';
  return key;
}

/**
 * Why `pem` cannot sign a GitHub App's JWTs (RS256), or `undefined` when it is an unencrypted RSA
 * private key in PEM, PKCS#1 or PKCS#8. The answer never contains the key.
 */
export function appPrivateKeyProblem(pem: string): string | undefined {
  const key = rsaKeyOf(pem);
  return typeof key === 'string' ? key : undefined;
}

/** The RSA private key `pem` (PKCS#1 or PKCS#8) re-encoded as PKCS#8 PEM; throws when it is not one. */
export function toPkcs8Pem(pem: string): string {
  const key = rsaKeyOf(pem);
  if (typeof key === 'string') throw new Error('not an RSA private key');
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}
