package io.lezflow.jobs.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import io.lezflow.jobs.EnforcementInput;
import io.lezflow.jobs.EnforcementJob;
import io.lezflow.jobs.EnforcementSettings;
import io.lezflow.jobs.EnforcementSettings.EventTimeMode;
import io.lezflow.jobs.kafka.WireMapping;
import io.lezflow.jobs.kafka.WireMapping.MappedRead;
import io.lezflow.jobs.records.ControlChange;
import io.lezflow.jobs.records.DecisionRecord;
import io.lezflow.jobs.records.ReadStageDecision;
import io.lezflow.jobs.records.KeyedChange;
import io.lezflow.jobs.records.ReadEvent;
import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.rules.policy.json.PolicyFile;
import io.lezflow.rules.policy.json.PolicyValidationException;
import io.lezflow.rules.policy.json.ShippedPolicies;
import io.lezflow.rules.policy.json.ZonePolicyJson;
import io.lezflow.schemas.v1.CameraRegistration;
import io.lezflow.schemas.v1.Permit;
import io.lezflow.schemas.v1.PlateRead;
import io.lezflow.schemas.v1.VehicleHistoryEntry;
import io.lezflow.schemas.v1.VehicleRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * {@code lezflow replay}: the same {@link EnforcementJob} topology over files instead of Kafka,
 * every decision written as a line of JSON. The operators' what-if tool (last month's reads under
 * next year's policy) and the way to test the rules from the outside.
 *
 * <p>It runs bounded on a local Flink MiniCluster (parallelism 1, RocksDB state), in {@link
 * EventTimeMode#REPLAY}: the files are loaded, then event time runs from the first capture to the
 * end, deciding every read and finalising every candidate in event-time order with the register,
 * permits, cameras and policies of the files (all of them: a permit bought after a read counts if
 * the rules say it was bought in time). The same files always give the same decisions, whatever
 * the order of their lines (the order of the output lines may differ between runs).
 *
 * <h2>Input files</h2>
 *
 * JSON lines: one JSON object per line (blank lines are skipped), with the field names of the
 * Protobuf message in {@code schemas/src/main/proto/lezflow.proto} — snake_case ({@code read_id})
 * or lowerCamelCase ({@code readId}); enums by name ({@code "FUEL_DIESEL"}); numbers as numbers or
 * strings; a {@code *_ms} time also as an ISO-8601 instant ({@code "2026-03-10T09:15:00+01:00"}).
 * An unknown field or a wrong type stops the replay before it starts, with file, line and field.
 *
 * <ul>
 *   <li>{@code reads.jsonl}: {@code PlateRead} — {@code read_id}, {@code camera_id}, {@code
 *       captured_at_ms}, {@code plate_text}, {@code plate_country}, {@code confidence}, optional
 *       {@code evidence: {image_key, image_sha256}}. A read without read id, camera, capture time
 *       or plate is not an error: it becomes a {@code REJECTED_READ} decision naming the reason.
 *   <li>{@code vehicles.jsonl}: {@code VehicleRecord} — {@code vehicle_key} ({@code "BE:1ABC234"})
 *       or {@code plate} + {@code country}, {@code category} ({@code VEHICLE_CATEGORY_M1}), {@code
 *       fuel} ({@code FUEL_DIESEL}), {@code euro_norm}, {@code first_registration} ({@code
 *       yyyy-MM-dd}), {@code historic_plate}, {@code priority_vehicle}, {@code crit_air} (-1 = none).
 *   <li>{@code permits.jsonl}: {@code Permit} — {@code permit_id}, {@code vehicle_key}, {@code
 *       zone_id}, {@code kind} ({@code PERMIT_KIND_DAY_PASS}, {@code _EXEMPTION}, {@code
 *       _FOREIGN_REGISTRATION}, {@code _DAILY_CHARGE_PAID}), {@code valid_from_ms}, {@code
 *       valid_until_ms}, {@code issued_at_ms} (when bought: grace windows look at it), {@code
 *       reason}, {@code revoked}.
 *   <li>{@code cameras.jsonl}: {@code CameraRegistration} — {@code camera_id}, {@code zone_id}
 *       (the policy zone id, e.g. {@code "brussels"}), {@code police_zone}, {@code name}, {@code
 *       latitude}, {@code longitude}, and {@code "active": true} (a camera not active is
 *       decommissioned: its reads are UNKNOWN_CAMERA).
 *   <li>{@code history.jsonl} (optional): {@code VehicleHistoryEntry} — {@code vehicle_key}, {@code
 *       zone_id}, {@code kind} ({@code HISTORY_KIND_FINE}, {@code HISTORY_KIND_WARNING}, {@code
 *       HISTORY_KIND_DAY_PASS}), {@code day} (the enforcement day, {@code yyyy-MM-dd}): what the
 *       zone did to the vehicle before the reads of this replay (earlier fines, warnings, day passes
 *       used). Loaded before any read is decided, so a replay started in June with January-May's
 *       history decides like one that replays the whole year.
 *   <li>policies: a directory of policy files ({@code *.json}, one zone per file, the format of
 *       {@code rules/src/main/resources/policies/}); by default the policies shipped with lezflow
 *       (brussels, antwerp, ghent, london-ulez, paris).
 * </ul>
 *
 * <h2>Output: decisions.jsonl</h2>
 *
 * One JSON object per decision ({@link DecisionJson}); fields without a value are left out:
 *
 * <ul>
 *   <li>{@code stage}: {@code READ} (exactly one per read), {@code FINAL} (one per candidate
 *       violation: the vehicle's reads of one day in one zone), {@code CONTROL} (a policy version
 *       loaded).
 *   <li>{@code outcome}: READ — {@code COMPLIANT}, {@code EXEMPT}, {@code PERMITTED}, {@code
 *       OUTSIDE_ENFORCEMENT_WINDOW}, {@code WARNING}, {@code UNKNOWN_VEHICLE}, {@code CANDIDATE},
 *       {@code NO_POLICY_IN_FORCE}, {@code UNKNOWN_CAMERA}, {@code LATE_READ}, {@code
 *       REJECTED_READ}; FINAL — {@code ISSUE}, {@code MANUAL_REVIEW}, {@code DROP}; CONTROL —
 *       {@code POLICY_ACCEPTED}, {@code POLICY_REJECTED}.
 *   <li>{@code read_id}, {@code read_ids} (FINAL: every read of the violation, first one first),
 *       {@code camera_id}, {@code captured_at} (ISO-8601 UTC).
 *   <li>{@code zone_id}, {@code policy_version} (the version the decision was made under), {@code
 *       rule} ({@code "brussels@v1:ban-step/diesel-euro-4"}).
 *   <li>{@code vehicle_key} (the register entry matched, else the plate as read), {@code
 *       read_vehicle_key}, {@code match} ({@code EXACT}, {@code FUZZY}, {@code NONE}), {@code
 *       match_score} (confusable characters substituted).
 *   <li>{@code enforcement_day}, {@code permit_id}, {@code violation_type}, {@code violation_id}
 *       (deterministic: zone, vehicle, day), {@code decide_at} (CANDIDATE: when its grace window
 *       closes).
 *   <li>{@code fine_cents} and {@code currency} (FINAL, WARNING), {@code warning_only}, {@code
 *       needs_review}, {@code review_reason}, {@code drop_reason}.
 *   <li>{@code explanation}: for a reviewer — which rule, which policy version, which permit or
 *       fine limit.
 * </ul>
 */
public final class ReplayJob {
  private ReplayJob() {}

  public static final String JOB_NAME = "lezflow-replay";
  public static final String REJECTED_READ = io.lezflow.rules.decision.Outcome.REJECTED_READ.name();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Sightings are not written by a replay; the secret only satisfies the settings. */
  private static final String UNUSED_SIGHTINGS_SECRET = "replay-writes-no-sightings";

  /**
   * What a replay did: the reads in the reads file ({@code reads}, of which {@code rejected} could
   * not be enforced), the decisions written, and how many of each {@code "STAGE OUTCOME"}.
   */
  public record Summary(long reads, long rejected, long decisions, Map<String, Long> byStageAndOutcome) {}

  /**
   * The files of one replay. Only {@code reads} is required; a missing optional file is an empty
   * input (an empty register, no permits, no cameras, no history), {@code policiesDir} null the
   * shipped policies.
   */
  public record Inputs(Path reads, Path vehicles, Path permits, Path cameras, Path policiesDir, Path history) {
    public Inputs {
      Objects.requireNonNull(reads, "reads");
    }

    public static Inputs readsOnly(Path reads) {
      return new Inputs(reads, null, null, null, null, null);
    }
  }

  /**
   * A replay input the user must fix (a missing file, an invalid line, a policy file with an
   * error): one line naming file, line and field. Nothing has been written when it is thrown.
   */
  public static final class InvalidInput extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInput(String message) {
      super(message);
    }
  }

  /** {@link #run(Inputs, Path)} without a history file. */
  public static Summary run(Path reads, Path vehicles, Path permits, Path policiesDir, Path cameras, Path out)
      throws Exception {
    return run(new Inputs(reads, vehicles, permits, cameras, policiesDir, null), out);
  }

  /**
   * Runs the enforcement over the files and writes every decision to {@code out}. The decisions
   * go to a temporary file beside {@code out} that replaces it only once the replay has succeeded:
   * a failed replay leaves no partial file behind (and an earlier {@code out} untouched).
   *
   * @throws InvalidInput if an input file is missing or invalid (the message names file, line and field)
   */
  public static Summary run(Inputs in, Path out) throws Exception {
    List<DecisionRecord> rejectedReads = new ArrayList<>();
    List<ReadEvent> readEvents = readReads(in.reads(), rejectedReads);
    List<KeyedChange> register = read(in.vehicles(), VehicleRecord::newBuilder,
        r -> WireMapping.toVehicleChange((VehicleRecord) r, 0L), "names no vehicle (vehicle_key or plate + country)");
    List<KeyedChange> permitChanges = read(in.permits(), Permit::newBuilder,
        p -> WireMapping.toPermitChange((Permit) p, 0L), "needs a permit_id and a vehicle_key");
    List<ControlChange> cameraChanges = read(in.cameras(), CameraRegistration::newBuilder,
        c -> WireMapping.toCameraChange((CameraRegistration) c, 0L), "needs a camera_id");
    List<KeyedChange> history = read(in.history(), VehicleHistoryEntry::newBuilder,
        h -> WireMapping.toHistoryChange((VehicleHistoryEntry) h, 0L),
        "needs vehicle_key, zone_id, kind (HISTORY_KIND_FINE, _WARNING, _DAY_PASS) and day (yyyy-MM-dd)");
    List<ControlChange> policyChanges = new ArrayList<>();
    for (ZonePolicy policy : policies(in.policiesDir())) {
      policyChanges.add(WireMapping.toPolicyChange(ZonePolicyJson.toProto(policy, "replay"), 0L));
    }

    EnforcementSettings settings =
        EnforcementSettings.defaults(UNUSED_SIGHTINGS_SECRET).withEventTimeMode(EventTimeMode.REPLAY);
    Path target = out.toAbsolutePath();
    Path parent = target.getParent();
    if (parent != null) Files.createDirectories(parent);
    Path partial = Files.createTempFile(parent, "." + target.getFileName() + ".", ".partial");
    try {
      // Reads that cannot be enforced are decided here, before the job appends its decisions.
      try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        for (DecisionRecord d : rejectedReads) {
          writer.write(DecisionJson.toJson(d));
          writer.newLine();
        }
      }
      EnforcementJob job = EnforcementJob.builder(settings)
          .reads(EnforcementInput.fromElements(readEvents))
          .vehicles(EnforcementInput.fromElements(register))
          .permits(EnforcementInput.fromElements(permitChanges))
          .policies(EnforcementInput.fromElements(policyChanges))
          .cameras(EnforcementInput.fromElements(cameraChanges))
          .history(EnforcementInput.fromElements(history))
          .decisionsSink(new JsonLinesSink(partial))
          .build();
      job.run(StreamExecutionEnvironment.createLocalEnvironment(1, flinkConfiguration()));
      Summary summary = summarise(partial, readEvents.size() + rejectedReads.size(), rejectedReads.size());
      moveIntoPlace(partial, target);
      return summary;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static void moveIntoPlace(Path partial, Path target) throws IOException {
    try {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Summary summarise(Path decisions, long reads, long rejected) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    long lines = 0;
    try (BufferedReader in = Files.newBufferedReader(decisions, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode d = JSON.readTree(line);
        counts.merge(d.path("stage").asText() + " " + d.path("outcome").asText(), 1L, Long::sum);
        lines++;
      }
    }
    return new Summary(reads, rejected, lines, counts);
  }

  /** Local, bounded, single-threaded; RocksDB state so that a month of reads does not need the heap. */
  static Configuration flinkConfiguration() {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.NAME, JOB_NAME);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
    // A failure is reported, not retried: a retry would append the same decisions again.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }

  private static List<ZonePolicy> policies(Path directory) throws IOException {
    if (directory != null && !Files.isDirectory(directory)) {
      throw new InvalidInput("policies: " + directory + " is not a directory of policy files (*.json)");
    }
    List<PolicyFile> files;
    try {
      files = directory == null ? ShippedPolicies.files() : ZonePolicyJson.readDirectory(directory);
    } catch (PolicyValidationException e) {
      // Each problem already names file and field ("brussels.json: versions[0].banSteps[2].bannedFrom: missing").
      throw new InvalidInput("invalid policy file: " + String.join("; ", e.problems()));
    }
    List<ZonePolicy> versions = new ArrayList<>();
    for (PolicyFile file : files) versions.addAll(file.versions());
    if (versions.isEmpty()) throw new InvalidInput("no policy files (*.json) in " + directory);
    return versions;
  }

  private static List<ReadEvent> readReads(Path file, List<DecisionRecord> rejected) throws IOException {
    List<ReadEvent> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    forEachLine(file, PlateRead::newBuilder, problems, (message, where) -> {
      PlateRead read = (PlateRead) message;
      MappedRead mapped = WireMapping.toReadEvent(read);
      if (mapped.isOk()) {
        out.add(mapped.read());
      } else {
        DecisionRecord r = ReadStageDecision.rejected(read.getReadId().isBlank() ? null : read.getReadId(),
            read.getCameraId().isBlank() ? null : read.getCameraId(), read.getCapturedAtMs(),
            "read-validation:" + mapped.rejection().name().toLowerCase(),
            where + ": not enforceable: " + mapped.rejection()).toRecord();
        rejected.add(r);
      }
    });
    throwIfAny(problems);
    return out;
  }

  private static <T> List<T> read(Path file, Supplier<Message.Builder> builder, Function<Message, T> mapping,
      String whenUnmapped) throws IOException {
    List<T> out = new ArrayList<>();
    if (file == null) return out;
    List<String> problems = new ArrayList<>();
    forEachLine(file, builder, problems, (message, where) -> {
      T mapped = mapping.apply(message);
      if (mapped == null) problems.add(where + ": " + whenUnmapped);
      else out.add(mapped);
    });
    throwIfAny(problems);
    return out;
  }

  private interface LineConsumer {
    void accept(Message message, String where);
  }

  private static void forEachLine(Path file, Supplier<Message.Builder> builder, List<String> problems, LineConsumer consumer)
      throws IOException {
    if (!Files.isRegularFile(file)) throw new InvalidInput("no such file: " + file);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) continue;
        String where = file.getFileName() + ":" + number;
        try {
          consumer.accept(ProtoJson.merge(line, builder.get()).build(), where);
        } catch (ProtoJson.InvalidJsonException e) {
          problems.add(where + ": " + e.getMessage());
        }
      }
    }
  }

  private static void throwIfAny(List<String> problems) {
    if (problems.isEmpty()) return;
    int shown = Math.min(problems.size(), 20);
    throw new InvalidInput("invalid replay input (" + problems.size() + " problem(s)): "
        + String.join("; ", problems.subList(0, shown)) + (problems.size() > shown ? "; ..." : ""));
  }
}
