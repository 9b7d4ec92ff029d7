package io.lezflow.portal.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The portal's Ed25519 key for evidence packages, read from a PKCS#8 PEM file as {@code openssl
 * genpkey -algorithm ed25519} writes it. The public key goes out as X.509 SubjectPublicKeyInfo.
 */
public final class SigningKey {
  // DER prefixes of the two fixed-size Ed25519 structures (RFC 8410): PKCS#8 and SubjectPublicKeyInfo.
  private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final Ed25519PrivateKeyParameters privateKey;

  private SigningKey(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
  }

  /** Reads a PEM PKCS#8 Ed25519 private key; IllegalArgumentException names what is wrong. */
  public static SigningKey read(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalArgumentException("not a PEM PKCS#8 private key (expected -----BEGIN PRIVATE KEY-----; make one with: openssl genpkey -algorithm ed25519)");
    }
    String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM body is not base64");
    }
    if (der.length != PKCS8_PREFIX.length + 32 || !Arrays.equals(Arrays.copyOf(der, PKCS8_PREFIX.length), PKCS8_PREFIX)) {
      throw new IllegalArgumentException("not an Ed25519 private key (make one with: openssl genpkey -algorithm ed25519)");
    }
    return new SigningKey(new Ed25519PrivateKeyParameters(der, PKCS8_PREFIX.length));
  }

  /** Reads the key at {@code pem}, creating a new one there first if the file does not exist. */
  public static SigningKey readOrCreate(Path pem) throws IOException {
    if (!Files.exists(pem)) {
      Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
      byte[] der = new byte[PKCS8_PREFIX.length + 32];
      System.arraycopy(PKCS8_PREFIX, 0, der, 0, PKCS8_PREFIX.length);
      System.arraycopy(key.getEncoded(), 0, der, PKCS8_PREFIX.length, 32);
      String pemText = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
      Files.createDirectories(pem.toAbsolutePath().getParent());
      Files.writeString(pem, pemText, StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(pem, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // best effort on file systems without POSIX permissions
      }
    }
    return read(pem);
  }

  public static SigningKey generate() {
    return new SigningKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** SubjectPublicKeyInfo DER, base64. */
  public String publicKeySpkiBase64() {
    return Base64.getEncoder().encodeToString(spki(privateKey.generatePublicKey()));
  }

  /** First 16 hex digits of the SHA-256 of the public key's SPKI: what an operator compares. */
  public String keyId() {
    return keyId(spki(privateKey.generatePublicKey()));
  }

  static String keyId(byte[] spki) {
    return EvidenceImages.sha256Hex(spki).substring(0, 16);
  }

  static byte[] spki(Ed25519PublicKeyParameters pub) {
    byte[] out = new byte[SPKI_PREFIX.length + 32];
    System.arraycopy(SPKI_PREFIX, 0, out, 0, SPKI_PREFIX.length);
    System.arraycopy(pub.getEncoded(), 0, out, SPKI_PREFIX.length, 32);
    return out;
  }

  /** The raw 32-byte public key of an SPKI, or IllegalArgumentException. */
  static Ed25519PublicKeyParameters fromSpki(byte[] spki) {
    if (spki.length != SPKI_PREFIX.length + 32 || !Arrays.equals(Arrays.copyOf(spki, SPKI_PREFIX.length), SPKI_PREFIX)) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
    return new Ed25519PublicKeyParameters(spki, SPKI_PREFIX.length);
  }
}
