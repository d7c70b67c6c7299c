import { X509Certificate } from 'node:crypto';
import { generateTls, randomSerial } from './tls';

describe('generateTls', () => {
  it('makes serials whose DER INTEGER is positive and minimal, every time', () => {
    for (let i = 0; i < 5000; i++) {
      const serial = randomSerial();
      expect(serial).toMatch(/^[4-7][0-9a-f]{31}$/);
    }
  });

  it('writes certificates OpenSSL parses: the CA signs the server certificate for 127.0.0.1 and localhost', () => {
    const tls = generateTls('sim-test');
    const ca = new X509Certificate(tls.caCert);
    const cert = new X509Certificate(tls.cert);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
  });
});
