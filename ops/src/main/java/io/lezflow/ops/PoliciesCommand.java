package io.lezflow.ops;

import io.lezflow.jobs.kafka.PolicyPublisher;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyFile;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.rules.policy.json.ZonePolicyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lezflow policies check|publish}: zone policy files (rules/src/main/resources/policies/)
 * validated, and published to the compacted policy topic the running job reads. Validation first,
 * always: a file that does not validate is never published (ops/runbooks/bad-policy-published.md).
 */
@Command(name = "policies", mixinStandardHelpOptions = true, description = "Zone policy files: check and publish.",
    subcommands = {PoliciesCommand.Check.class, PoliciesCommand.Publish.class})
public final class PoliciesCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.err);
  }

  static List<ZonePolicy> load(List<Path> files, boolean shipped) {
    List<ZonePolicy> versions = new ArrayList<>();
    try {
      if (shipped) for (PolicyFile f : ShippedPolicies.files()) versions.addAll(f.versions());
      for (Path file : files) {
        if (!Files.isRegularFile(file)) throw new BadSetting("policies: " + file + " is not a file");
        PolicyFile f = ZonePolicyJson.readFile(file);
        versions.addAll(f.versions());
        System.err.println("lezflow policies: " + file + ": zone " + f.zoneId() + ", " + f.versions().size() + " version(s), valid");
      }
    } catch (PolicyValidationException e) {
      throw new BadSetting("policies: " + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
    } catch (IOException e) {
      throw new BadSetting("policies: cannot read: " + e.getMessage());
    }
    if (versions.isEmpty()) throw new BadSetting("policies: no policy file given (FILE... or --shipped)");
    return versions;
  }

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Validates policy files; exit 2 with the reason when one is invalid.")
  static final class Check implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Policy files (*.json).")
    List<Path> files = List.of();

    @Option(names = "--shipped", description = "Also check the policies shipped with lezflow.")
    boolean shipped;

    @Override
    public Integer call() {
      System.err.println("lezflow policies: " + load(files, shipped).size() + " policy versions valid");
      return 0;
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Validates, then publishes policy files to lez.zone-policies.v1 (the running job applies them at once).")
  static final class Publish implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Policy files (*.json).")
    List<Path> files = List.of();

    @Option(names = "--shipped", description = "Publish the policies shipped with lezflow too.")
    boolean shipped;

    @Option(names = "--kafka-bootstrap", description = "Kafka bootstrap servers. Required.")
    String kafkaBootstrap;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "How long to wait for Kafka. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Override
    public Integer call() {
      if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) throw new BadSetting("policies publish: --kafka-bootstrap (or LEZ_KAFKA_BOOTSTRAP) is not set");
      List<ZonePolicy> versions = load(files, shipped);
      Reachability.awaitKafka(kafkaBootstrap.trim(), connectTimeout);
      int n = PolicyPublisher.publish(kafkaBootstrap.trim(), versions);
      System.err.println("lezflow policies: " + n + " policy versions published to Kafka " + kafkaBootstrap.trim());
      return 0;
    }
  }
}
