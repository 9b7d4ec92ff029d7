package io.lezflow.ops;

import io.lezflow.police.LegalProfile;
import io.lezflow.portal.PortalDatabase;
import io.lezflow.portal.auth.PortalUser;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.auth.UserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lezflow users add|list|disable}: the portal's users (password hashes only, Argon2id). */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Portal users: add, list, disable.",
    subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Disable.class})
public final class UsersCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.err);
  }

  /** Where the portal's tables are. */
  static final class Db {
    @Option(names = "--jdbc-url", defaultValue = "${env:LEZ_JDBC_URL}", description = "PostgreSQL of the portal (env LEZ_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:LEZ_JDBC_USER:-postgres}", description = "PostgreSQL user (env LEZ_JDBC_USER). Default: postgres.")
    String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "${env:LEZ_JDBC_PASSWORD:-}", description = "PostgreSQL password (env LEZ_JDBC_PASSWORD).")
    String jdbcPassword;

    PortalDatabase open() {
      return PortalDb.open(jdbcUrl, jdbcUser, jdbcPassword);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a user. The password is read from stdin (one line) or prompted for.")
  static final class Add implements Callable<Integer> {
    @Mixin Db db;

    @Parameters(index = "0", description = "User name (a-z, 0-9, '.', '_', '-').")
    String username;

    @Option(names = "--role", required = true, description = "operator, supervisor, police, engineer or auditor.")
    String role;

    @Option(names = "--police-zone", description = "The police zone of a police user.")
    String policeZone;

    @Option(names = "--legal-profile", defaultValue = "administrative",
        description = "What a police user may search: administrative (the last month) or judicial (up to the retention;"
            + " beyond one month with the prosecutor's decision reference). Default: administrative.")
    String legalProfile;

    @Override
    public Integer call() throws IOException {
      Role r = Role.parse(role).orElseThrow(() -> new BadSetting("--role must be one of operator, supervisor, police, engineer, auditor; got " + role));
      LegalProfile profile = UserStore.parseLegalProfile(legalProfile)
          .orElseThrow(() -> new BadSetting("--legal-profile must be administrative or judicial; got " + legalProfile));
      if (profile == LegalProfile.JUDICIAL && r != Role.POLICE) throw new BadSetting("--legal-profile judicial is for a police user only");
      char[] password = readPassword();
      UserStore.invalid(username, r, policeZone, password).ifPresent(reason -> {
        throw new BadSetting(reason);
      });
      try (PortalDatabase d = db.open()) {
        if (!new UserStore(d.jdbi()).add(username, r, policeZone, profile, password)) throw new BadSetting("user " + username + " exists already");
      }
      System.out.println("added " + username + " (" + r.id() + (policeZone == null ? "" : ", police zone " + policeZone)
          + (r == Role.POLICE ? ", " + profile.name().toLowerCase(java.util.Locale.ROOT) + " profile" : "") + ")");
      return 0;
    }

    private static char[] readPassword() throws IOException {
      if (System.console() != null) {
        char[] p = System.console().readPassword("password: ");
        return p == null ? new char[0] : p;
      }
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? new char[0] : line.toCharArray();
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists users: name, role, police zone, state, legal profile.")
  static final class ListUsers implements Callable<Integer> {
    @Mixin Db db;

    @Override
    public Integer call() {
      try (PortalDatabase d = db.open()) {
        System.out.printf("%-24s %-11s %-14s %-9s %s%n", "USER", "ROLE", "POLICE ZONE", "STATE", "LEGAL PROFILE");
        UserStore users = new UserStore(d.jdbi());
        for (PortalUser u : users.list()) {
          System.out.printf("%-24s %-11s %-14s %-9s %s%n", u.username(), u.role().id(), u.policeZone() == null ? "-" : u.policeZone(),
              u.disabled() ? "disabled" : "enabled",
              u.role() == Role.POLICE ? users.legalProfile(u.username()).name().toLowerCase(java.util.Locale.ROOT) : "-");
        }
      }
      return 0;
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables a user and ends its sessions and tokens.")
  static final class Disable implements Callable<Integer> {
    @Mixin Db db;

    @Parameters(index = "0", description = "User name.")
    String username;

    @Override
    public Integer call() {
      try (PortalDatabase d = db.open()) {
        if (!new UserStore(d.jdbi()).disable(username)) throw new BadSetting("no user " + username);
      }
      System.out.println("disabled " + username);
      return 0;
    }
  }
}
