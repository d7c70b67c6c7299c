import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A CA and a server certificate signed by it, PEM encoded. @public */
export interface SimTls {
  caCert: string;
  cert: string;
  key: string;
}

/**
 * A positive 16-byte serial (RFC 5280) whose DER INTEGER is minimal: the
 * first byte is 0x40–0x7f, so it needs no 0x00 sign byte and is never one.
 * (An odd number of hex digits made node-forge pad a 0x00 byte in front of a
 * byte < 0x80 one time in sixteen, which OpenSSL rejects as "illegal padding".)
 * @internal
 */
export function randomSerial(): string {
  const bytes = forge.random.getBytesSync(16);
  const first = (bytes.charCodeAt(0) & 0x3f) | 0x40;
  return forge.util.bytesToHex(String.fromCharCode(first) + bytes.slice(1));
}

/**
 * Generates a throwaway CA and a server certificate for 127.0.0.1 and
 * localhost. Keys come from Node's crypto (fast, native); node-forge
 * builds and signs the X.509 certificates.
 * @public
 */
export function generateTls(commonName = 'kube-sim'): SimTls {
  const keyPair = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return {
      privateKey: forge.pki.privateKeyFromPem(privateKey),
      publicKey: forge.pki.publicKeyFromPem(publicKey),
      pem: privateKey,
    };
  };
  const now = new Date();
  const later = new Date(now.getTime() + 365 * 24 * 3600_000);

  const ca = keyPair();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = ca.publicKey;
  caCert.serialNumber = randomSerial();
  caCert.validity.notBefore = new Date(now.getTime() - 60_000);
  caCert.validity.notAfter = later;
  const caSubject = [{ name: 'commonName', value: `${commonName}-ca` }];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const server = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = server.publicKey;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = later;
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer(caSubject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  return {
    caCert: forge.pki.certificateToPem(caCert),
    cert: forge.pki.certificateToPem(cert),
    key: server.pem,
  };
}
