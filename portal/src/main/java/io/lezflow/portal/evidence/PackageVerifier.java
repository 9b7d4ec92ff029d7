package io.lezflow.portal.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks an evidence package against its detached signature: the Ed25519 signature over the
 * exact bytes of the JSON file. Any changed byte of either file fails.
 */
public final class PackageVerifier {
  /** What the check found; {@code keyId} is the signer's key (compare with the portal's /api/v1/signing-key). */
  public record Result(boolean valid, String keyId, String violationId, String reason) {}

  private PackageVerifier() {}

  /**
   * @param trustedSpki the public key to check against (SPKI DER); null to use the key the package names
   */
  public static Result verify(byte[] packageJson, String signatureText, byte[] trustedSpki) {
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(signatureText.strip());
    } catch (IllegalArgumentException e) {
      return new Result(false, null, null, "the signature file is not base64");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(packageJson);
    } catch (Exception e) {
      return new Result(false, null, null, "the package is not JSON");
    }
    String violationId = root.path("violation").path("violation_id").asText(null);
    byte[] spki;
    try {
      spki = trustedSpki != null ? trustedSpki : Base64.getDecoder().decode(root.path("signing_key").path("public_key_spki").asText(""));
    } catch (IllegalArgumentException e) {
      return new Result(false, null, violationId, "the package names no valid public key");
    }
    Ed25519PublicKeyParameters key;
    try {
      key = SigningKey.fromSpki(spki);
    } catch (IllegalArgumentException e) {
      return new Result(false, null, violationId, "the public key is not an Ed25519 key");
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(packageJson, 0, packageJson.length);
    boolean ok = verifier.verifySignature(signature);
    return new Result(ok, SigningKey.keyId(spki), violationId, ok ? "signature valid" : "signature does not match the package (changed or signed by another key)");
  }
}
