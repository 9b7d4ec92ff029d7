package io.lezflow.portal.police;

import io.javalin.config.RoutesConfig;
import io.lezflow.portal.PortalServer.Services;

/** The police and auditor pages. */
final class PolicePages {
  private PolicePages() {}

  static void register(RoutesConfig r, Services s, PoliceServices police) {}
}
