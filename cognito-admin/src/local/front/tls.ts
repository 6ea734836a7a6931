/**
 * The certificate the local hosted UI speaks HTTPS with. Amplify builds hosted-UI addresses as
 * `https://<domain>/...`, so local mode needs one: a certificate for `localhost`, `127.0.0.1` and `::1`,
 * made at the first start with `selfsigned` and kept in `<dir>/tls/`. Trust `localhost.crt` once (see
 * docs/local.md) or let the browser accept it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate } from 'selfsigned';

/** A certificate and its key, as PEM. */
export interface LocalCertificate {
  readonly certFile: string;
  readonly cert: string;
  readonly key: string;
}

/** How long a certificate is made for: 825 days, the longest browsers accept for a server certificate. */
const VALIDITY_DAYS = 825;

/** Loads the certificate from `dir`, or makes a new one when there is none or it expires within a day. */
export async function localCertificate(dir: string): Promise<LocalCertificate> {
  const certFile = path.join(dir, 'localhost.crt');
  const keyFile = path.join(dir, 'localhost.key');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const cert = fs.readFileSync(certFile, 'utf8');
    const { X509Certificate } = await import('node:crypto');
    if (new Date(new X509Certificate(cert).validTo).getTime() > Date.now() + 86400e3) {
      return { certFile, cert, key: fs.readFileSync(keyFile, 'utf8') };
    }
  }
  const made = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + VALIDITY_DAYS * 86400e3),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(keyFile, made.private, { mode: 0o600 });
  fs.writeFileSync(certFile, made.cert);
  return { certFile, cert: made.cert, key: made.private };
}
