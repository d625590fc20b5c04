package org.amana.crypto.pkcs11;

import java.nio.file.Path;

/**
 * Writes the SunPKCS11 configurations, one per purpose, because a configuration's generation
 * template applies to every EC key pair its provider makes: an agreement key and a signing key
 * need different attributes, so each has its own provider instance (both share the one loaded
 * module, its C_Initialize and the login state, which PKCS#11 keeps per process and token).
 *
 * <p>Every template is stated in full rather than left to the token's defaults: SunPKCS11 sends an
 * empty private-key template for EC, and SoftHSM2's defaults are a session key that can sign and
 * decrypt but not derive. {@code attributes = compatibility} would make keys extractable.
 */
final class ProviderConfig {
  private ProviderConfig() {}

  /** Key pairs for ECDH only; the derived secret must be readable, since SunPKCS11 reads it. */
  static String agreement(Path module, ModuleProbe.Slot slot) {
    return header(module, slot, "agree")
        + privateKeyTemplate("CKA_DERIVE = true", "CKA_SIGN = false")
        + publicKeyTemplate()
        // P11ECDHKeyAgreement derives a CKK_GENERIC_SECRET session object and reads CKA_VALUE;
        // tokens refuse that read unless the object is not sensitive and extractable. It is a
        // session object, destroyed right after the read.
        + "attributes(generate, CKO_SECRET_KEY, CKK_GENERIC_SECRET) = {\n"
        + "  CKA_TOKEN = false\n  CKA_SENSITIVE = false\n  CKA_EXTRACTABLE = true\n}\n";
  }

  /** Key pairs for ECDSA only. */
  static String signing(Path module, ModuleProbe.Slot slot) {
    return header(module, slot, "sign")
        + privateKeyTemplate("CKA_DERIVE = false", "CKA_SIGN = true")
        + publicKeyTemplate();
  }

  private static String header(Path module, ModuleProbe.Slot slot, String purpose) {
    String path = module.toString();
    if (path.contains("\"") || path.contains("\\") || path.contains("\n")
        || path.contains("$")) {
      // The config parser would unescape, split or expand ${...} in these: refuse rather than
      // load some other file.
      throw new IllegalArgumentException("unsupported character in module path: " + path);
    }
    // Config parses "slot" as a Java int. Slot ids are CK_ULONG, so fall back to the slot's index
    // in C_GetSlotList(FALSE), which is how SunPKCS11 resolves slotListIndex.
    String select = slot.id() >= 0 && slot.id() <= Integer.MAX_VALUE
        ? "slot = " + slot.id() : "slotListIndex = " + slot.listIndex();
    return "name = Amana-" + purpose + "-" + Long.toUnsignedString(slot.id()) + "\n"
        + "library = \"" + path + "\"\n"
        + select + "\n";
  }

  /** Token-resident, private, sensitive, never extractable; no decrypt, unwrap or sign-recover. */
  private static String privateKeyTemplate(String derive, String sign) {
    return "attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {\n"
        + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n"
        + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n"
        + "  " + derive + "\n  " + sign + "\n"
        + "  CKA_DECRYPT = false\n  CKA_UNWRAP = false\n  CKA_SIGN_RECOVER = false\n}\n";
  }

  /**
   * The public key stays a session object: the placeholder certificate stored with the private key
   * carries it, and an unlabelled public-key object on the token would only be clutter.
   */
  private static String publicKeyTemplate() {
    return "attributes(generate, CKO_PUBLIC_KEY, CKK_EC) = {\n  CKA_TOKEN = false\n}\n";
  }
}
