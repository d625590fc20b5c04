package org.amana.crypto.pkcs11;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/** The software (SunEC) side of the token tests: the reference the token must agree with. */
final class SoftwareEc {
  private SoftwareEc() {}

  static KeyPair generate() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  static byte[] ecdh(PrivateKey mine, ECPublicKey theirs) throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH", "SunEC");
    agreement.init(mine);
    agreement.doPhase(theirs, true);
    return agreement.generateSecret();
  }

  static boolean verify(ECPublicKey key, byte[] message, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance("SHA256withECDSA", "SunEC");
    verifier.initVerify(key);
    verifier.update(message);
    return verifier.verify(signature);
  }

  /** SunEC cannot decode compressed points; Bouncy Castle can (and checks the curve). */
  static ECPublicKey decompress(byte[] sec1) throws GeneralSecurityException {
    var point = ECNamedCurveTable.getByName("secp256r1").getCurve().decodePoint(sec1).normalize();
    ECPoint w = new ECPoint(point.getAffineXCoord().toBigInteger(),
        point.getAffineYCoord().toBigInteger());
    return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
        new ECPublicKeySpec(w, P256.PARAMS));
  }
}
