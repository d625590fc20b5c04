package org.amana.crypto.pkcs11;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate stored next to each key. It certifies nothing: SunPKCS11's KeyStore lists a
 * private key only when a certificate with the same CKA_ID exists, and storing the pair is the
 * only way SunPKCS11 offers to give a generated key a name. It also keeps the public key on the
 * token (the private key object alone does not carry it) and records the key's purpose in its
 * KeyUsage extension, which is how {@link Pkcs11Token#listKeys} tells the two kinds apart.
 *
 * <p>An agreement key cannot sign (CKA_SIGN=false), so every placeholder is signed by a throwaway
 * software key that is discarded at once. Nobody should trust these certificates, and nothing
 * here does: the token enforces what each key may do.
 */
final class PlaceholderCertificate {
  private static final X500Name ISSUER =
      new X500Name("CN=Amana placeholder issuer (certifies nothing)");
  /** RFC 5280 4.1.2.5: 99991231235959Z means "no well-defined expiration date". */
  private static final Date NO_EXPIRY = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

  private PlaceholderCertificate() {}

  static X509Certificate create(String label, TokenKey.Kind kind, ECPublicKey publicKey)
      throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC"); // SunEC, in software
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair issuer = generator.generateKeyPair();
    SecureRandom random = new SecureRandom();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, label).build();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ISSUER,
        new BigInteger(63, random).add(BigInteger.ONE),
        Date.from(Instant.now().minus(Duration.ofDays(1))), NO_EXPIRY, subject,
        P256.softwareCopy(publicKey));
    int usage = kind == TokenKey.Kind.AGREEMENT ? KeyUsage.keyAgreement : KeyUsage.digitalSignature;
    try {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
              .build(issuer.getPrivate())));
    } catch (OperatorCreationException | java.io.IOException e) {
      throw new GeneralSecurityException("could not build the placeholder certificate", e);
    }
  }

  /** The kind a placeholder records; OTHER for certificates that some other tool wrote. */
  static TokenKey.Kind kindOf(X509Certificate certificate) {
    boolean[] usage = certificate.getKeyUsage(); // [0] digitalSignature, [4] keyAgreement
    if (usage == null) {
      return TokenKey.Kind.OTHER;
    }
    boolean signs = usage.length > 0 && usage[0];
    boolean agrees = usage.length > 4 && usage[4];
    return signs == agrees ? TokenKey.Kind.OTHER
        : signs ? TokenKey.Kind.SIGNING : TokenKey.Kind.AGREEMENT;
  }
}
