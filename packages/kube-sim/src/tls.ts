import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A CA and a server certificate signed by it, PEM encoded. @public */
export interface SimTls {
  caCert: string;
  cert: string;
  key: string;
}

function randomSerial(): string {
  // Positive (leading nibble < 8) 16-byte serial, as RFC 5280 asks.
  return `0${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
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
