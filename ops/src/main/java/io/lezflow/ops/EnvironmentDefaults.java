package io.lezflow.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one mapping from environment variables to flags, for every command: flag {@code --foo-bar}
 * of {@code lezflow ingest} is also set by {@code LEZ_INGEST_FOO_BAR} and, when that is unset, by
 * {@code LEZ_FOO_BAR}. So a container sets {@code LEZ_KAFKA_BOOTSTRAP} once for whichever command
 * it runs, and a command-qualified variable wins where two commands share a machine. A flag on the
 * command line wins over both; the built-in default applies when neither is set
 * (docs/configuration.md lists every variable).
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;
  /** Which variable supplied which option's value, so an error can name the variable, not a flag never typed. */
  private final Map<ArgSpec, String> used = new ConcurrentHashMap<>();

  public EnvironmentDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) return null;
    for (String name : variables(option)) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        used.put(argSpec, name);
        return value.trim();
      }
    }
    return null;
  }

  /** The variable that set this option, if one did. */
  public Optional<String> variableThatSet(ArgSpec argSpec) {
    return Optional.ofNullable(used.get(argSpec));
  }

  /** The variables that set {@code option}, most specific first; empty for help options and short-only flags. */
  public static List<String> variables(OptionSpec option) {
    if (option.usageHelp() || option.versionHelp()) return List.of();
    String longest = option.longestName();
    if (!longest.startsWith("--")) return List.of();
    String flag = envPart(longest.substring(2));
    List<String> names = new ArrayList<>(2);
    String path = commandPath(option.command());
    if (!path.isEmpty()) names.add("LEZ_" + path + "_" + flag);
    names.add("LEZ_" + flag);
    return List.copyOf(names);
  }

  /** {@code bench ingest} -> {@code BENCH_INGEST}; the root command contributes nothing. */
  static String commandPath(CommandSpec spec) {
    List<String> parts = new ArrayList<>();
    for (CommandSpec s = spec; s != null && s.parent() != null; s = s.parent()) {
      parts.add(0, envPart(s.name()));
    }
    return String.join("_", parts);
  }

  private static String envPart(String name) {
    return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
