package io.lezflow.portal.web;

import static io.lezflow.portal.web.Html.esc;

import io.lezflow.portal.auth.Permission;
import io.lezflow.portal.auth.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one page layout of the portal: head (one stylesheet, htmx), a navigation that shows each
 * role only what it may open, the page body and the logout form. Other page sets (e.g. police
 * searches) add their links with {@link #addNav} and render through {@link #page}.
 */
public final class Layout {
  public static final String HTMX = "/webjars/htmx.org/2.0.4/dist/htmx.min.js";
  public static final String CHART_JS = "/webjars/chart.js/4.4.1/dist/chart.umd.js";

  private final List<NavItem> nav = new CopyOnWriteArrayList<>(List.of(
      new NavItem("queue", "Review queue", "/ui/queue", Permission.VIEW_QUEUE),
      new NavItem("exports", "Exports", "/ui/exports", Permission.VIEW_EXPORTS),
      new NavItem("charts", "Charts", "/ui/charts", Permission.VIEW_CHARTS),
      new NavItem("api", "API", "/ui/api", null)));

  public void addNav(NavItem item) {
    nav.add(item);
  }

  /** The links {@code who} may follow. */
  public List<NavItem> navFor(Principal who) {
    return nav.stream().filter(n -> n.permission() == null || who.may(n.permission())).toList();
  }

  /** A whole page; {@code body} is already-escaped HTML. {@code who} may be null (login page). */
  public String page(String title, Principal who, String active, String body, String... scripts) {
    StringBuilder sb = new StringBuilder(4096 + body.length());
    sb.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append(" · lezflow</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/portal.css\">")
        .append("<script src=\"").append(HTMX).append("\" defer></script>");
    for (String s : scripts) sb.append("<script src=\"").append(esc(s)).append("\" defer></script>");
    sb.append("</head><body");
    if (who != null && who.csrfToken() != null) {
      // htmx sends the CSRF token with every request it makes.
      sb.append(" hx-headers='{\"X-CSRF-Token\": \"").append(esc(who.csrfToken())).append("\"}'");
    }
    sb.append("><header class=\"top no-print\"><a class=\"brand\" href=\"/\">lezflow</a>");
    if (who != null) {
      sb.append("<nav>");
      for (NavItem n : navFor(who)) {
        sb.append("<a href=\"").append(esc(n.href())).append('"').append(n.key().equals(active) ? " class=\"active\"" : "")
            .append(" id=\"nav-").append(esc(n.key())).append("\">").append(esc(n.label())).append("</a>");
      }
      sb.append("</nav><form class=\"logout\" method=\"post\" action=\"/logout\">")
          .append("<span class=\"who\">").append(esc(who.username())).append(" · ").append(esc(who.role().id()))
          .append(who.policeZone() == null ? "" : " · " + esc(who.policeZone())).append("</span>")
          .append(csrfField(who)).append("<button type=\"submit\">Log out</button></form>");
    }
    sb.append("</header><main>").append(body).append("</main></body></html>");
    return sb.toString();
  }

  public static String csrfField(Principal who) {
    return who == null || who.csrfToken() == null ? "" : "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(who.csrfToken()) + "\">";
  }
}
