package io.lezflow.portal.evidence;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads evidence images by SHA-256 from the evidence store (table {@code evidence_images}, filled
 * by the evidence module only for candidate and warning reads). Every image is hashed again
 * before it is shown: bytes that do not match their key are an alarm, never evidence.
 *
 * <p>The store may be absent (an installation without evidence capture): then no image is found.
 */
public final class EvidenceImages {
  private static final Logger log = LoggerFactory.getLogger(EvidenceImages.class);

  public record Image(String sha256, byte[] bytes, String contentType) {}

  private final Jdbi jdbi;
  private volatile String bytesColumn;
  private volatile boolean hasContentType;

  public EvidenceImages(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<Image> find(String sha256) {
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) return Optional.empty();
    if (!storePresent()) return Optional.empty();
    String column = bytesColumn;
    Optional<Image> image = jdbi.withHandle(h -> h.createQuery("SELECT " + column + ", "
                + (hasContentType ? "content_type" : "'image/png'") + " FROM evidence_images WHERE sha256 = :s")
            .bind("s", sha256)
            .map((rs, c) -> new Image(sha256, rs.getBytes(1), rs.getString(2) == null ? "image/png" : rs.getString(2)))
            .findOne());
    if (image.isPresent() && !sha256Hex(image.get().bytes()).equals(sha256)) {
      log.error("ALARM evidence image {} does not match its SHA-256: not shown as evidence", sha256);
      return Optional.empty();
    }
    return image;
  }

  /** Whether the store exists; which column holds the bytes ({@code content} or {@code bytes}). */
  private boolean storePresent() {
    if (bytesColumn != null) return true;
    List<String> columns = jdbi.withHandle(h -> h.createQuery(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'evidence_images'"
                + " AND table_schema = current_schema()")
        .mapTo(String.class)
        .list());
    if (columns.isEmpty()) return false;
    hasContentType = columns.contains("content_type");
    bytesColumn = columns.contains("content") ? "content" : columns.contains("bytes") ? "bytes" : columns.contains("image") ? "image" : null;
    return bytesColumn != null;
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
