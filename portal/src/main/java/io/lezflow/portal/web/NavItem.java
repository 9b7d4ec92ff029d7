package io.lezflow.portal.web;

import io.lezflow.portal.auth.Permission;

/** A link in the portal's navigation, shown only to roles with {@code permission}. */
public record NavItem(String key, String label, String href, Permission permission) {}
