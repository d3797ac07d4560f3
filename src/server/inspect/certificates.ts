import { createHash, X509Certificate } from "node:crypto";

export interface CertificateSummary {
  /** SHA-256 of the DER certificate, lowercase hex without colons. */
  sha256: string;
  /** RFC 4514 order: most specific first, e.g. "CN=Fixture Signer, O=Example, C=US". */
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  serialNumber: string;
}

export function summarizeCertificate(der: Buffer): CertificateSummary {
  const cert = new X509Certificate(der);
  return {
    sha256: createHash("sha256").update(der).digest("hex"),
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    notBefore: isoDate(cert.validFrom),
    notAfter: isoDate(cert.validTo),
    serialNumber: cert.serialNumber.toLowerCase(),
  };
}

/** The certificate that signed nothing else in the set: the end-entity signer. */
export function leafCertificate(ders: Buffer[]): Buffer | undefined {
  const certs = ders.flatMap((der) => {
    try {
      return [{ der, cert: new X509Certificate(der) }];
    } catch {
      return [];
    }
  });
  const leaf = certs.find(({ cert }) => !certs.some((other) => other.cert !== cert && other.cert.checkIssued(cert)));
  return (leaf ?? certs[0])?.der;
}

function formatName(name: string): string {
  return name.split("\n").filter(Boolean).reverse().join(", ");
}

function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
