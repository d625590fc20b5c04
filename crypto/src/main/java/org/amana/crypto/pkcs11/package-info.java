/**
 * P-256 keys on PKCS#11 tokens (SoftHSM2, YubiKey through ykcs11, OpenSC cards, Nitrokey), through
 * the JDK's SunPKCS11 provider.
 *
 * <p>Use {@link org.amana.crypto.pkcs11.Pkcs11Token}: {@code open(module, tokenLabel, pin)}, then
 * {@code generateAgreementKey}/{@code findAgreementKey} for an
 * {@link org.amana.crypto.P256KeyAgreement} that opens sealed files, or
 * {@code generateSigningKey}/{@code findSigningKey} for a
 * {@link org.amana.crypto.pkcs11.TokenSigner}. Close the token when done. Failures are
 * {@link org.amana.crypto.TokenException}s whose reason says what went wrong.
 *
 * <p>Keys never leave the token: they are generated sensitive and non-extractable, each for one use
 * only (derive or sign), and the token enforces it. Only the ECDH output (the shared x-coordinate)
 * comes back into memory, as it must for the age key schedule; callers zero it after use.
 *
 * <p>Runtime needs: the JDK module {@code jdk.crypto.cryptoki}, and
 * {@code --enable-native-access=ALL-UNNAMED}, because the token is found by label through the FFM
 * API (SunPKCS11 only knows slot numbers, and SoftHSM2's are random).
 */
package org.amana.crypto.pkcs11;
