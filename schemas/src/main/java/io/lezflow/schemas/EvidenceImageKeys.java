package io.lezflow.schemas;

import java.util.Optional;

/**
 * Where a read's evidence image lives on its camera. The key is a function of the read id
 * ({@code "{camera_id}:{sequence}"} -> {@code "{camera_id}/{sequence}.png"}), so a violation,
 * which carries its reads' ids and the hash of its decisive read's image, names the image without
 * a field of its own; the camera serves it at {@code GET /images/{image_key}}.
 */
public final class EvidenceImageKeys {
  private EvidenceImageKeys() {}

  /** URL path prefix of a camera's image endpoint. */
  public static final String PATH_PREFIX = "/images/";

  public static String of(String cameraId, long sequence) {
    return cameraId + "/" + sequence + ".png";
  }

  /** The image key of a read id, or empty when the id is not {@code "{camera_id}:{sequence}"}. */
  public static Optional<String> ofReadId(String readId) {
    if (readId == null) return Optional.empty();
    int colon = readId.lastIndexOf(':');
    if (colon <= 0 || colon == readId.length() - 1) return Optional.empty();
    String camera = readId.substring(0, colon);
    String sequence = readId.substring(colon + 1);
    if (!CameraIds.isValid(camera) || !sequence.chars().allMatch(c -> c >= '0' && c <= '9') || sequence.length() > 18) {
      return Optional.empty();
    }
    return Optional.of(of(camera, Long.parseLong(sequence)));
  }

  /** A well-formed image key ({@code "{camera_id}/{digits}.png"}): the only paths a camera endpoint serves. */
  public static boolean isValid(String imageKey) {
    if (imageKey == null || !imageKey.endsWith(".png")) return false;
    int slash = imageKey.indexOf('/');
    if (slash <= 0 || slash != imageKey.lastIndexOf('/')) return false;
    String sequence = imageKey.substring(slash + 1, imageKey.length() - ".png".length());
    return CameraIds.isValid(imageKey.substring(0, slash)) && !sequence.isEmpty() && sequence.length() <= 18
        && sequence.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
