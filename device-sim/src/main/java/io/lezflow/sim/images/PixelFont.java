package io.lezflow.sim.images;

import java.util.Locale;
import java.util.Map;

/**
 * A 5x7 bitmap font: the same pixels on every machine (no system font, no anti-aliasing, no font
 * configuration on a headless server), so a rendered image is a function of its text alone.
 */
final class PixelFont {
  private PixelFont() {}

  static final int WIDTH = 5;
  static final int HEIGHT = 7;

  private static final Map<Character, String[]> GLYPHS = Map.ofEntries(
      Map.entry('0', rows(".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.")),
      Map.entry('1', rows("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.")),
      Map.entry('2', rows(".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####")),
      Map.entry('3', rows("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###.")),
      Map.entry('4', rows("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.")),
      Map.entry('5', rows("#####", "#....", "####.", "....#", "....#", "#...#", ".###.")),
      Map.entry('6', rows("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.")),
      Map.entry('7', rows("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...")),
      Map.entry('8', rows(".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.")),
      Map.entry('9', rows(".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..")),
      Map.entry('A', rows(".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#")),
      Map.entry('B', rows("####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.")),
      Map.entry('C', rows(".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.")),
      Map.entry('D', rows("###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###..")),
      Map.entry('E', rows("#####", "#....", "#....", "####.", "#....", "#....", "#####")),
      Map.entry('F', rows("#####", "#....", "#....", "####.", "#....", "#....", "#....")),
      Map.entry('G', rows(".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####")),
      Map.entry('H', rows("#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#")),
      Map.entry('I', rows(".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.")),
      Map.entry('J', rows("..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..")),
      Map.entry('K', rows("#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#")),
      Map.entry('L', rows("#....", "#....", "#....", "#....", "#....", "#....", "#####")),
      Map.entry('M', rows("#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#")),
      Map.entry('N', rows("#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#")),
      Map.entry('O', rows(".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.")),
      Map.entry('P', rows("####.", "#...#", "#...#", "####.", "#....", "#....", "#....")),
      Map.entry('Q', rows(".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#")),
      Map.entry('R', rows("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#")),
      Map.entry('S', rows(".####", "#....", "#....", ".###.", "....#", "....#", "####.")),
      Map.entry('T', rows("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..")),
      Map.entry('U', rows("#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.")),
      Map.entry('V', rows("#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..")),
      Map.entry('W', rows("#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.")),
      Map.entry('X', rows("#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#")),
      Map.entry('Y', rows("#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..")),
      Map.entry('Z', rows("#####", "....#", "...#.", "..#..", ".#...", "#....", "#####")),
      Map.entry('-', rows(".....", ".....", ".....", "#####", ".....", ".....", ".....")),
      Map.entry(':', rows(".....", "..#..", "..#..", ".....", "..#..", "..#..", ".....")),
      Map.entry('.', rows(".....", ".....", ".....", ".....", ".....", ".##..", ".##..")),
      Map.entry('/', rows("....#", "....#", "...#.", "..#..", ".#...", "#....", "#....")),
      Map.entry('#', rows(".#.#.", ".#.#.", "#####", ".#.#.", "#####", ".#.#.", ".#.#.")),
      Map.entry(' ', rows(".....", ".....", ".....", ".....", ".....", ".....", ".....")));

  /** Drawn for a character the font lacks, so a strange plate still shows where it differs. */
  private static final String[] UNKNOWN = rows("#####", "#...#", "#...#", "#...#", "#...#", "#...#", "#####");

  /** Advance of one character at {@code scale}: the glyph and one blank column. */
  static int advance(int scale) {
    return (WIDTH + 1) * scale;
  }

  /** Draws {@code text} (upper-cased) with its top-left corner at (x, y), each font pixel {@code scale} device pixels. */
  static void draw(IndexedPng image, String text, int x, int y, int scale, int colour) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (int i = 0; i < upper.length(); i++) {
      String[] glyph = GLYPHS.getOrDefault(upper.charAt(i), UNKNOWN);
      int left = x + i * advance(scale);
      for (int row = 0; row < HEIGHT; row++) {
        for (int col = 0; col < WIDTH; col++) {
          if (glyph[row].charAt(col) == '#') image.fill(left + col * scale, y + row * scale, scale, scale, colour);
        }
      }
    }
  }

  private static String[] rows(String... rows) {
    return rows;
  }
}
