package io.lezflow.portal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** HTML escaping and small builders: every value that reaches a page goes through {@link #esc}. */
public final class Html {
  private Html() {}

  public static String esc(Object value) {
    if (value == null) return "";
    String s = value.toString();
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  public static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public static String query(Map<String, String> params) {
    return params.entrySet().stream().map(e -> url(e.getKey()) + "=" + url(e.getValue())).collect(Collectors.joining("&"));
  }

  /** {@code <option>}s with the current value selected; an empty first option means "any". */
  public static String options(Iterable<String> values, String current, boolean withAny) {
    StringBuilder sb = new StringBuilder();
    if (withAny) sb.append("<option value=\"\">any</option>");
    for (String v : values) {
      sb.append("<option value=\"").append(esc(v)).append('"').append(v.equals(current) ? " selected" : "").append('>')
          .append(esc(v)).append("</option>");
    }
    return sb.toString();
  }
}
