package io.lezflow.sim.images;

import io.lezflow.schemas.v1.PlateRead;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The plate image a simulated camera takes of a read: the plate as read (country band, text), and
 * a caption with the camera, the sequence and the capture time (UTC), as ANPR cameras stamp
 * theirs. A pure function of the read: same read, same PNG bytes, on any machine (bitmap font,
 * fixed palette, our own encoder). Under 1 KB.
 */
public final class PlateImages {
  private PlateImages() {}

  public static final String CONTENT_TYPE = "image/png";
  static final int WIDTH = 320;
  static final int HEIGHT = 112;

  private static final DateTimeFormatter CAPTION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final int ROAD = 0;
  private static final int PLATE = 1;
  private static final int INK = 2;
  private static final int EU_BLUE = 3;
  private static final int CAPTION = 4;
  private static final int CAPTION_TEXT = 5;
  private static final int[] PALETTE = {0x6e7074, 0xf4f4f0, 0x8a1020, 0x003399, 0x101010, 0xe8e8e8};
  /** Widest the plate text may be: the plate's width right of the country band. */
  private static final int PLATE_TEXT_WIDTH = 252;

  /** The PNG bytes of the read's plate image. */
  public static byte[] render(PlateRead read) {
    IndexedPng image = new IndexedPng(WIDTH, HEIGHT, PALETTE);
    image.fill(0, 0, WIDTH, HEIGHT, ROAD);
    // The plate: white with a dark border, a blue country band on the left.
    image.fill(14, 14, 292, 60, INK);
    image.fill(16, 16, 288, 56, PLATE);
    image.fill(16, 16, 26, 56, EU_BLUE);
    String country = read.getPlateCountry().isEmpty() ? "?" : read.getPlateCountry();
    PixelFont.draw(image, country.length() > 2 ? country.substring(0, 2) : country, 18, 50, 2, PLATE);
    // Plate text as the OCR read it, shrunk to fit (a long foreign plate must stay readable).
    String plate = read.getPlateText();
    int scale = 4;
    while (scale > 1 && plate.length() * PixelFont.advance(scale) > PLATE_TEXT_WIDTH) scale--;
    PixelFont.draw(image, plate, 48, 44 - PixelFont.HEIGHT * scale / 2, scale, INK);
    image.fill(0, 86, WIDTH, HEIGHT - 86, CAPTION);
    PixelFont.draw(image, read.getCameraId() + " #" + read.getSequence(), 6, 90, 1, CAPTION_TEXT);
    PixelFont.draw(image, CAPTION_TIME.format(Instant.ofEpochMilli(read.getCapturedAtMs())), 6, 100, 1, CAPTION_TEXT);
    return image.encode();
  }
}
