/**
 * The key that signs local tokens: an RSA key made at the first start and kept in
 * `<dir>/front/signing-key.pem`, so that tokens stay valid across restarts. Its public half is served as
 * the JWKS of every local pool. It is made on this machine and never published: local tokens verify
 * against local mode's JWKS only.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A signing key and its JWK. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: crypto.KeyObject;
  readonly publicKey: crypto.KeyObject;
  /** The public key as a JWK with `kid`, `alg` and `use`. */
  readonly jwk: crypto.JsonWebKey & { kid: string; alg: string; use: string };
}

/** Loads the key from `file`, or makes one and writes it there. */
export function loadSigningKey(file: string): SigningKey {
  let pem: string;
  if (fs.existsSync(file)) {
    pem = fs.readFileSync(file, 'utf8');
  } else {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, pem, { mode: 0o600 });
  }
  const privateKey = crypto.createPrivateKey(pem);
  const publicKey = crypto.createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' });
  // The key id is the JWK thumbprint (RFC 7638), as stable as the key.
  const thumbprint = crypto
    .createHash('sha256')
    .update(JSON.stringify({ e: exported.e, kty: exported.kty, n: exported.n }))
    .digest('base64url');
  return {
    kid: thumbprint,
    privateKey,
    publicKey,
    jwk: { ...exported, kid: thumbprint, alg: 'RS256', use: 'sig' },
  };
}
