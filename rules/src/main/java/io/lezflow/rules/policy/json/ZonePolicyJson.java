package io.lezflow.rules.policy.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lezflow.rules.model.VehicleCategory;
import io.lezflow.rules.model.VehicleUse;
import io.lezflow.rules.model.ViolationType;
import io.lezflow.rules.policy.BanStep;
import io.lezflow.rules.policy.DailyChargeRule;
import io.lezflow.rules.policy.DayPassRule;
import io.lezflow.rules.policy.EmissionLimit;
import io.lezflow.rules.policy.EnforcementKind;
import io.lezflow.rules.policy.Exemptions;
import io.lezflow.rules.policy.FineLimits;
import io.lezflow.rules.policy.FineRule;
import io.lezflow.rules.policy.ForeignRegistrationRule;
import io.lezflow.rules.policy.TimeWindow;
import io.lezflow.rules.policy.WarningFirst;
import io.lezflow.rules.policy.WarningPeriod;
import io.lezflow.rules.policy.ZonePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads and writes zone policies as JSON, validating every field and naming the file and field of
 * each problem.
 *
 * <p>Two shapes: a policy <em>file</em> ({@code {"zoneId", "name", "notes", "versions": [...]}},
 * one per city, see {@code src/main/resources/policies/}) and a policy <em>version</em> (one element
 * of {@code versions}; exactly what travels as {@code policy_json} on the policy topic, see {@link
 * #toProto}). Parsing is meant for configuration time and policy updates, never per read.
 */
public final class ZonePolicyJson {
  private ZonePolicyJson() {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();

  private static final ObjectReader FILE_READER = MAPPER.readerFor(PolicyDocument.File.class);
  private static final ObjectReader VERSION_READER = MAPPER.readerFor(PolicyDocument.Version.class);
  private static final ObjectWriter VERSION_WRITER = MAPPER.writerFor(PolicyDocument.Version.class);

  /** Block names a version's {@code sources} may document; present blocks must be documented. */
  private static final Set<String> SOURCE_KEYS = Set.of(
      "effectiveFrom", "enforcementWindows", "chargeFreeDays", "exemptions", "fines", "fineLimits", "dayPass",
      "foreignRegistration", "dailyCharge", "manualReviewBelowConfidence");

  // ---------------------------------------------------------------------------------------------
  // reading
  // ---------------------------------------------------------------------------------------------

  /** Parses and validates a policy file's text; {@code origin} names it in messages. */
  public static PolicyFile parseFile(String origin, String json) throws PolicyValidationException {
    PolicyDocument.File file = bind(FILE_READER, origin, json);
    Problems problems = new Problems(origin);
    if (blank(file.zoneId())) problems.add("zoneId", "missing");
    if (file.versions() == null || file.versions().isEmpty()) problems.add("versions", "missing: at least one version");
    List<ZonePolicy> versions = new ArrayList<>();
    if (file.versions() != null) {
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < file.versions().size(); i++) {
        String at = "versions[" + i + "]";
        PolicyDocument.Version v = file.versions().get(i);
        if (v == null) {
          problems.add(at, "null");
          continue;
        }
        if (file.zoneId() != null && v.zoneId() != null && !file.zoneId().equals(v.zoneId())) {
          problems.add(at + ".zoneId", "'" + v.zoneId() + "' differs from zoneId '" + file.zoneId() + "' of the file");
        }
        if (v.version() != null && !seen.add(v.version())) problems.add(at + ".version", v.version() + " given twice");
        ZonePolicy policy = toDomain(v, problems.under(at));
        if (policy != null) versions.add(policy);
      }
    }
    problems.throwIfAny();
    return new PolicyFile(origin, file.zoneId(), file.name() == null ? file.zoneId() : file.name(),
        file.notes() == null ? List.of() : file.notes(), versions);
  }

  /** Parses and validates one version document (e.g. a policy topic's {@code policy_json}). */
  public static ZonePolicy parseVersion(String origin, String json) throws PolicyValidationException {
    PolicyDocument.Version v = bind(VERSION_READER, origin, json);
    Problems problems = new Problems(origin);
    ZonePolicy policy = toDomain(v, problems);
    problems.throwIfAny();
    return policy;
  }

  /** Reads one policy file; its name is the origin in messages. */
  public static PolicyFile readFile(Path path) throws IOException, PolicyValidationException {
    return parseFile(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
  }

  /**
   * Reads every {@code *.json} file of a directory (sorted by name), one zone per file; all files
   * are checked and all problems reported together.
   */
  public static List<PolicyFile> readDirectory(Path directory) throws IOException, PolicyValidationException {
    List<Path> paths;
    try (Stream<Path> files = Files.list(directory)) {
      paths = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    List<PolicyFile> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, String> zoneFiles = new LinkedHashMap<>();
    for (Path path : paths) {
      try {
        PolicyFile file = readFile(path);
        String other = zoneFiles.put(file.zoneId(), file.origin());
        if (other != null) problems.add(file.origin() + ": zoneId: '" + file.zoneId() + "' is also the zone of " + other);
        out.add(file);
      } catch (PolicyValidationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) throw new PolicyValidationException(problems);
    return out;
  }

  /** The wire form of a version: zone id, version, effective time, canonical JSON and a source label. */
  public static io.lezflow.schemas.v1.ZonePolicy toProto(ZonePolicy policy, String source) {
    return io.lezflow.schemas.v1.ZonePolicy.newBuilder()
        .setZoneId(policy.zoneId())
        .setVersion(policy.version())
        .setEffectiveFromMs(policy.effectiveFrom().toEpochMilli())
        .setPolicyJson(toJson(policy))
        .setSource(source == null ? "" : source)
        .build();
  }

  /**
   * The version carried by a wire policy; its envelope (zone id, version, effective time) must
   * agree with its JSON.
   */
  public static ZonePolicy fromProto(io.lezflow.schemas.v1.ZonePolicy message) throws PolicyValidationException {
    String origin = "policy message " + message.getZoneId() + " v" + message.getVersion();
    ZonePolicy policy = parseVersion(origin, message.getPolicyJson());
    Problems problems = new Problems(origin);
    if (!policy.zoneId().equals(message.getZoneId())) {
      problems.add("zone_id", "'" + message.getZoneId() + "' but policy_json says '" + policy.zoneId() + "'");
    }
    if (policy.version() != message.getVersion()) {
      problems.add("version", message.getVersion() + " but policy_json says " + policy.version());
    }
    if (message.getEffectiveFromMs() != 0 && policy.effectiveFrom().toEpochMilli() != message.getEffectiveFromMs()) {
      problems.add("effective_from_ms", Instant.ofEpochMilli(message.getEffectiveFromMs())
          + " but policy_json says " + policy.effectiveFrom());
    }
    problems.throwIfAny();
    return policy;
  }

  // ---------------------------------------------------------------------------------------------
  // writing
  // ---------------------------------------------------------------------------------------------

  /** The canonical version document of a policy; {@code parseVersion(toJson(p))} equals {@code p}. */
  public static String toJson(ZonePolicy p) {
    PolicyDocument.Version v = new PolicyDocument.Version(
        p.zoneId(), p.version(), p.name(), p.effectiveFrom().atZone(p.timeZone()).toOffsetDateTime(), p.timeZone(),
        p.currency(), p.enforcement(), sorted(p.domesticCountries()), p.manualReviewBelowConfidence(),
        p.banSteps().stream().map(ZonePolicyJson::document).toList(),
        p.enforcementWindows().stream().map(w -> new PolicyDocument.TimeWindow(
            sorted(w.categories()), sorted(w.days()), w.from(), w.until())).toList(),
        sorted(p.chargeFreeDays()),
        new PolicyDocument.Exemptions(sorted(p.exemptions().categories()),
            p.exemptions().categoriesUntil().isEmpty() ? null : new TreeMap<>(p.exemptions().categoriesUntil()),
            sorted(p.exemptions().fuels()),
            p.exemptions().historic() == null ? null : new PolicyDocument.Historic(
                p.exemptions().historic().minimumAgeYears(), p.exemptions().historic().historicPlateRequired()),
            p.exemptions().priorityVehicles(), otherUses(p.exemptions())),
        p.fines().stream().map(f -> new PolicyDocument.Fine(f.violation(), sorted(f.categories()), f.amountCents())).toList(),
        p.fineLimits().equals(FineLimits.NONE) ? null : new PolicyDocument.FineLimits(p.fineLimits().minimumGapBetweenFines(),
            p.fineLimits().repeatEscalation() == null ? null : new PolicyDocument.RepeatEscalation(
                p.fineLimits().repeatEscalation().within(), p.fineLimits().repeatEscalation().repeatAmountsCents())),
        p.dayPass().map(ZonePolicyJson::document).orElse(null),
        p.foreignRegistration().map(r -> new PolicyDocument.ForeignRegistration(sorted(r.exemptCountries()),
            r.validity(), r.deadlineDaysAfterVisit(), r.priceCents())).orElse(null),
        p.dailyCharge().map(c -> new PolicyDocument.DailyCharge(c.amountCents(), c.paymentDaysAfterTravel())).orElse(null),
        new TreeMap<>(p.sources()));
    try {
      return VERSION_WRITER.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a validated policy always serialises", e);
    }
  }

  private static PolicyDocument.BanStep document(BanStep s) {
    Integer euro = s.limit() instanceof EmissionLimit.EuroNormAtMost e ? e.euroNorm() : null;
    var critAir = s.limit() instanceof EmissionLimit.CritAirAtLeast c ? c.critAir() : null;
    Boolean every = s.limit() instanceof EmissionLimit.EveryNorm ? Boolean.TRUE : null;
    return new PolicyDocument.BanStep(s.id(), sorted(s.categories()), sorted(s.fuels()), euro, critAir, every,
        s.bannedFrom(), null,
        s.warningPeriod() == null ? null : new PolicyDocument.WarningPeriod(s.warningPeriod().from(), s.warningPeriod().until()),
        s.warningFirst() == null ? null
            : new PolicyDocument.WarningFirst(s.warningFirst().fineableAfter(), s.warningFirst().atMostOneFinePer()),
        s.source());
  }

  private static PolicyDocument.DayPass document(DayPassRule d) {
    boolean single = d.allowances().size() == 1 && d.allowances().get(0).from() == null
        && d.allowances().get(0).source().isEmpty();
    return new PolicyDocument.DayPass(d.priceCents(),
        single ? d.allowances().get(0).maxDaysPerCalendarYear() : null,
        single ? null : d.allowances().stream()
            .map(a -> new PolicyDocument.Allowance(a.from(), a.maxDaysPerCalendarYear(), a.source().isEmpty() ? null : a.source()))
            .toList(),
        d.validUntilNextDay(), d.purchaseDaysAfterVisit());
  }

  private static List<VehicleUse> otherUses(Exemptions e) {
    List<VehicleUse> uses = e.uses().stream().filter(u -> u != VehicleUse.PRIORITY).sorted().toList();
    return uses.isEmpty() ? null : uses;
  }

  private static <T extends Comparable<? super T>> List<T> sorted(Set<T> set) {
    return set.stream().sorted().toList();
  }

  // ---------------------------------------------------------------------------------------------
  // binding and validation
  // ---------------------------------------------------------------------------------------------

  private static <T> T bind(ObjectReader reader, String origin, String json) throws PolicyValidationException {
    try {
      T value = reader.readValue(json);
      if (value == null) throw new PolicyValidationException(List.of(origin + ": the document is empty"));
      return value;
    } catch (JsonParseException e) {
      throw new PolicyValidationException(List.of(origin + ": not valid JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
    } catch (UnrecognizedPropertyException e) {
      throw new PolicyValidationException(List.of(origin + ": " + parentPath(e) + ": unknown field '" + e.getPropertyName()
          + "' (known: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
          + ")"));
    } catch (InvalidFormatException e) {
      String expected = e.getTargetType() != null && e.getTargetType().isEnum()
          ? "one of " + java.util.Arrays.toString(e.getTargetType().getEnumConstants())
          : "a " + (e.getTargetType() == null ? "value of the right type" : e.getTargetType().getSimpleName()
              + typeHint(e.getTargetType()));
      throw new PolicyValidationException(List.of(origin + ": " + path(e) + ": '" + e.getValue() + "' is not " + expected));
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonParseException syntax) {
        throw new PolicyValidationException(List.of(origin + ": not valid JSON at line "
            + syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr() + ": "
            + firstLine(syntax.getOriginalMessage())));
      }
      throw new PolicyValidationException(List.of(origin + ": " + path(e) + ": " + firstLine(e.getOriginalMessage())));
    } catch (JsonProcessingException e) {
      throw new PolicyValidationException(List.of(origin + ": " + firstLine(e.getOriginalMessage())));
    }
  }

  private static String typeHint(Class<?> type) {
    return switch (type.getSimpleName()) {
      case "LocalDate" -> " (yyyy-MM-dd)";
      case "LocalTime" -> " (HH:mm)";
      case "OffsetDateTime" -> " (yyyy-MM-ddTHH:mm:ss+01:00)";
      case "Period" -> " (ISO-8601 period such as P3M)";
      case "MonthDay" -> " (--MM-dd)";
      case "ZoneId" -> " (IANA time zone such as Europe/Brussels)";
      default -> "";
    };
  }

  /** The path of the object holding the offending field (an unknown field is not part of the document). */
  private static String parentPath(JsonMappingException e) {
    return path(e.getPath().subList(0, Math.max(0, e.getPath().size() - 1)));
  }

  private static String path(JsonMappingException e) {
    return path(e.getPath());
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : references) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) sb.append('.');
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(document)" : sb.toString();
  }

  private static String firstLine(String message) {
    if (message == null) return "unreadable";
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Converts a bound version to the domain, recording every problem; null if any. */
  private static ZonePolicy toDomain(PolicyDocument.Version v, Problems p) {
    int before = p.count();
    if (blank(v.zoneId())) p.add("zoneId", "missing");
    else if (!v.zoneId().matches("[a-z0-9][a-z0-9-]{0,62}")) {
      p.add("zoneId", "'" + v.zoneId() + "' must be lower-case letters, digits and '-'");
    }
    if (v.version() == null) p.add("version", "missing");
    else if (v.version() < 1) p.add("version", v.version() + " must be >= 1");
    if (v.effectiveFrom() == null) p.add("effectiveFrom", "missing");
    if (v.timeZone() == null) p.add("timeZone", "missing");
    if (blank(v.currency())) p.add("currency", "missing");
    else if (!v.currency().matches("[A-Z]{3}")) p.add("currency", "'" + v.currency() + "' is not an ISO 4217 code");
    if (v.enforcement() == null) p.add("enforcement", "missing: one of " + java.util.Arrays.toString(EnforcementKind.values()));
    if (v.domesticCountries() == null || v.domesticCountries().isEmpty()) p.add("domesticCountries", "missing");
    else countries(v.domesticCountries(), "domesticCountries", p);
    if (v.manualReviewBelowConfidence() == null) p.add("manualReviewBelowConfidence", "missing");
    else if (v.manualReviewBelowConfidence() < 0 || v.manualReviewBelowConfidence() > 1) {
      p.add("manualReviewBelowConfidence", v.manualReviewBelowConfidence() + " is not in [0, 1]");
    }

    List<BanStep> steps = banSteps(v.banSteps(), p);
    List<TimeWindow> windows = windows(v.enforcementWindows(), p);
    if (v.enforcement() == EnforcementKind.TIME_WINDOWED && windows.isEmpty()) {
      p.add("enforcementWindows", "a TIME_WINDOWED zone needs at least one window");
    }
    Exemptions exemptions = exemptions(v.exemptions(), p);
    List<FineRule> fines = fines(v.fines(), p);
    FineLimits limits = fineLimits(v.fineLimits(), p);
    DayPassRule dayPass = dayPass(v.dayPass(), p);
    ForeignRegistrationRule registration = foreignRegistration(v.foreignRegistration(), p);
    DailyChargeRule charge = dailyCharge(v.dailyCharge(), p);
    if (v.enforcement() == EnforcementKind.DAILY_CHARGE && v.dailyCharge() == null) {
      p.add("dailyCharge", "missing: a DAILY_CHARGE zone must say its charge");
    }
    if (v.enforcement() != null && v.enforcement() != EnforcementKind.DAILY_CHARGE && v.dailyCharge() != null) {
      p.add("dailyCharge", "only a DAILY_CHARGE zone has a daily charge (enforcement is " + v.enforcement() + ")");
    }

    // Every violation the zone can produce must have a fine for every category it can concern.
    if (v.enforcement() != null) requireFine(v.enforcement().violationType(), steps, fines, p);
    if (registration != null) requireFine(ViolationType.UNREGISTERED_FOREIGN, steps, fines, p);

    Map<String, String> sources = v.sources() == null ? Map.of() : v.sources();
    for (String key : sources.keySet()) {
      if (!SOURCE_KEYS.contains(key)) p.add("sources." + key, "unknown block (known: " + new java.util.TreeSet<>(SOURCE_KEYS) + ")");
    }
    requireSource(sources, "fines", true, p);
    requireSource(sources, "exemptions", true, p);
    requireSource(sources, "fineLimits", v.fineLimits() != null, p);
    requireSource(sources, "dayPass", v.dayPass() != null, p);
    requireSource(sources, "foreignRegistration", v.foreignRegistration() != null, p);
    requireSource(sources, "dailyCharge", v.dailyCharge() != null, p);
    requireSource(sources, "enforcementWindows", !windows.isEmpty(), p);

    if (p.count() > before) return null;
    return new ZonePolicy(v.zoneId(), v.version(), v.name(), v.effectiveFrom().toInstant(), v.timeZone(),
        v.currency(), v.enforcement(), Set.copyOf(v.domesticCountries()), v.manualReviewBelowConfidence(), steps,
        windows, v.chargeFreeDays() == null ? Set.of() : Set.copyOf(v.chargeFreeDays()), exemptions, fines, limits,
        Optional.ofNullable(dayPass), Optional.ofNullable(registration), Optional.ofNullable(charge), sources);
  }

  private static void countries(List<String> countries, String at, Problems p) {
    for (int i = 0; i < countries.size(); i++) {
      String c = countries.get(i);
      if (c == null || !c.matches("[A-Z]{2}")) p.add(at + "[" + i + "]", "'" + c + "' is not an ISO 3166-1 alpha-2 code");
    }
  }

  private static void requireSource(Map<String, String> sources, String block, boolean present, Problems p) {
    if (present && blank(sources.get(block))) {
      p.add("sources." + block, "missing: say where the " + block + " rules come from");
    }
  }

  private static List<BanStep> banSteps(List<PolicyDocument.BanStep> docs, Problems p) {
    if (docs == null || docs.isEmpty()) {
      p.add("banSteps", "missing: at least one step");
      return List.of();
    }
    List<BanStep> steps = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < docs.size(); i++) {
      String at = "banSteps[" + i + "]";
      PolicyDocument.BanStep s = docs.get(i);
      int before = p.count();
      if (s == null) {
        p.add(at, "null");
        continue;
      }
      if (blank(s.id())) p.add(at + ".id", "missing");
      else if (!ids.add(s.id())) p.add(at + ".id", "'" + s.id() + "' is used by another step");
      if (s.categories() == null || s.categories().isEmpty()) p.add(at + ".categories", "missing");
      if (s.fuels() == null || s.fuels().isEmpty()) p.add(at + ".fuels", "missing");
      int limits = (s.euroNormAtMost() != null ? 1 : 0) + (s.critAirAtLeast() != null ? 1 : 0)
          + (Boolean.TRUE.equals(s.everyNorm()) ? 1 : 0);
      if (limits != 1) {
        p.add(at, "needs exactly one of euroNormAtMost, critAirAtLeast, everyNorm=true (has " + limits + ")");
      }
      if (s.euroNormAtMost() != null && (s.euroNormAtMost() < 0 || s.euroNormAtMost() > 7)) {
        p.add(at + ".euroNormAtMost", s.euroNormAtMost() + " is not a Euro norm 0..7");
      }
      if (s.bannedFrom() == null) p.add(at + ".bannedFrom", "missing");
      if (s.warningOnlyUntil() != null && s.bannedFrom() != null && s.warningOnlyUntil().isBefore(s.bannedFrom())) {
        p.add(at + ".warningOnlyUntil", s.warningOnlyUntil() + " is before bannedFrom " + s.bannedFrom());
      }
      if (s.warningOnlyUntil() != null && s.warningPeriod() != null) {
        p.add(at, "has both warningOnlyUntil and warningPeriod (warningOnlyUntil is the older form of warningPeriod)");
      }
      WarningPeriod period = null;
      if (s.warningPeriod() != null) {
        PolicyDocument.WarningPeriod w = s.warningPeriod();
        if (w.from() == null) p.add(at + ".warningPeriod.from", "missing");
        if (w.until() == null) p.add(at + ".warningPeriod.until", "missing");
        if (w.from() != null && w.until() != null && w.until().isBefore(w.from())) {
          p.add(at + ".warningPeriod.until", w.until() + " is before from " + w.from());
        }
        if (w.from() != null && s.bannedFrom() != null && w.from().isBefore(s.bannedFrom())) {
          p.add(at + ".warningPeriod.from", w.from() + " is before bannedFrom " + s.bannedFrom());
        }
        if (w.from() != null && w.until() != null && !w.until().isBefore(w.from())) period = new WarningPeriod(w.from(), w.until());
      } else if (s.warningOnlyUntil() != null && s.bannedFrom() != null && !s.warningOnlyUntil().isBefore(s.bannedFrom())) {
        period = new WarningPeriod(s.bannedFrom(), s.warningOnlyUntil());
      }
      WarningFirst first = null;
      if (s.warningFirst() != null) {
        PolicyDocument.WarningFirst w = s.warningFirst();
        boolean ok = true;
        if (w.fineableAfter() == null || w.fineableAfter().isNegative() || w.fineableAfter().isZero()) {
          p.add(at + ".warningFirst.fineableAfter", "missing or not positive (an ISO-8601 period such as P3M)");
          ok = false;
        }
        if (w.atMostOneFinePer() != null && (w.atMostOneFinePer().isNegative() || w.atMostOneFinePer().isZero())) {
          p.add(at + ".warningFirst.atMostOneFinePer", w.atMostOneFinePer() + " must be positive");
          ok = false;
        }
        if (ok) first = new WarningFirst(w.fineableAfter(), w.atMostOneFinePer());
      }
      if (blank(s.source())) p.add(at + ".source", "missing: say where this date comes from");
      if (p.count() > before) continue;
      EmissionLimit limit = s.euroNormAtMost() != null
          ? new EmissionLimit.EuroNormAtMost(s.euroNormAtMost())
          : s.critAirAtLeast() != null ? new EmissionLimit.CritAirAtLeast(s.critAirAtLeast()) : new EmissionLimit.EveryNorm();
      steps.add(new BanStep(s.id(), Set.copyOf(s.categories()), Set.copyOf(s.fuels()), limit, s.bannedFrom(),
          period, first, s.source()));
    }
    return steps;
  }

  private static List<TimeWindow> windows(List<PolicyDocument.TimeWindow> docs, Problems p) {
    if (docs == null) return List.of();
    List<TimeWindow> windows = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      String at = "enforcementWindows[" + i + "]";
      PolicyDocument.TimeWindow w = docs.get(i);
      int before = p.count();
      if (w == null) {
        p.add(at, "null");
        continue;
      }
      if (w.categories() == null || w.categories().isEmpty()) p.add(at + ".categories", "missing");
      if (w.days() == null || w.days().isEmpty()) p.add(at + ".days", "missing");
      if (w.from() == null) p.add(at + ".from", "missing");
      if (w.until() == null) p.add(at + ".until", "missing");
      if (w.from() != null && w.until() != null && !w.from().isBefore(w.until())) {
        p.add(at, "from " + w.from() + " is not before until " + w.until());
      }
      if (p.count() > before) continue;
      windows.add(new TimeWindow(Set.copyOf(w.categories()), Set.copyOf(w.days()), w.from(), w.until()));
    }
    return windows;
  }

  private static Exemptions exemptions(PolicyDocument.Exemptions e, Problems p) {
    if (e == null) {
      p.add("exemptions", "missing (an empty object if the zone has none)");
      return null;
    }
    Exemptions.HistoricVehicleRule historic = null;
    if (e.historic() != null) {
      if (e.historic().minimumAgeYears() == null || e.historic().minimumAgeYears() < 1) {
        p.add("exemptions.historic.minimumAgeYears", "missing or < 1");
      } else if (e.historic().historicPlateRequired() == null) {
        p.add("exemptions.historic.historicPlateRequired", "missing");
      } else {
        historic = new Exemptions.HistoricVehicleRule(e.historic().minimumAgeYears(), e.historic().historicPlateRequired());
      }
    }
    if (e.priorityVehicles() == null) p.add("exemptions.priorityVehicles", "missing");
    Set<VehicleUse> uses = EnumSet.noneOf(VehicleUse.class);
    if (Boolean.TRUE.equals(e.priorityVehicles())) uses.add(VehicleUse.PRIORITY);
    if (e.uses() != null) {
      for (int i = 0; i < e.uses().size(); i++) {
        VehicleUse use = e.uses().get(i);
        if (use == null || use == VehicleUse.ORDINARY) {
          p.add("exemptions.uses[" + i + "]", "'" + use + "' is not an exempt use (one of ARMY, MARKET, MAINTENANCE, PRIORITY)");
        } else {
          uses.add(use);
        }
      }
    }
    Set<VehicleCategory> always = e.categories() == null ? Set.of() : Set.copyOf(e.categories());
    Map<VehicleCategory, LocalDate> until = new java.util.EnumMap<>(VehicleCategory.class);
    if (e.categoriesUntil() != null) {
      for (Map.Entry<VehicleCategory, LocalDate> entry : e.categoriesUntil().entrySet()) {
        if (entry.getKey() == null || entry.getValue() == null) {
          p.add("exemptions.categoriesUntil", "needs a category and a date (yyyy-MM-dd) for each entry");
        } else if (always.contains(entry.getKey())) {
          p.add("exemptions.categoriesUntil." + entry.getKey(), "is also in exemptions.categories (always exempt)");
        } else {
          until.put(entry.getKey(), entry.getValue());
        }
      }
    }
    return new Exemptions(always, until, e.fuels() == null ? Set.of() : Set.copyOf(e.fuels()), historic, uses);
  }

  private static List<FineRule> fines(List<PolicyDocument.Fine> docs, Problems p) {
    if (docs == null || docs.isEmpty()) {
      p.add("fines", "missing");
      return List.of();
    }
    List<FineRule> fines = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      String at = "fines[" + i + "]";
      PolicyDocument.Fine f = docs.get(i);
      if (f == null) {
        p.add(at, "null");
        continue;
      }
      int before = p.count();
      if (f.violation() == null) p.add(at + ".violation", "missing: one of " + java.util.Arrays.toString(ViolationType.values()));
      if (f.amountCents() == null) p.add(at + ".amountCents", "missing");
      else if (f.amountCents() <= 0) p.add(at + ".amountCents", f.amountCents() + " must be > 0");
      if (p.count() > before) continue;
      fines.add(new FineRule(f.violation(), f.categories() == null ? Set.of() : Set.copyOf(f.categories()), f.amountCents()));
    }
    return fines;
  }

  private static void requireFine(ViolationType type, List<BanStep> steps, List<FineRule> fines, Problems p) {
    Set<VehicleCategory> categories = EnumSet.noneOf(VehicleCategory.class);
    for (BanStep s : steps) categories.addAll(s.categories());
    if (type == ViolationType.UNREGISTERED_FOREIGN) {
      // The vehicle may be unknown: a rule for every category is needed.
      if (fines.stream().noneMatch(f -> f.violation() == type && f.categories().isEmpty())) {
        p.add("fines", "no " + type + " fine for every category (an unregistered vehicle's category may be unknown)");
      }
      return;
    }
    for (VehicleCategory c : categories) {
      if (fines.stream().noneMatch(f -> f.violation() == type && (f.categories().isEmpty() || f.categories().contains(c)))) {
        p.add("fines", "no " + type + " fine for category " + c + " (banned by a step)");
      }
    }
  }

  private static FineLimits fineLimits(PolicyDocument.FineLimits f, Problems p) {
    if (f == null) return FineLimits.NONE;
    Period gap = f.minimumGapBetweenFines();
    if (gap != null && (gap.isNegative() || gap.isZero())) p.add("fineLimits.minimumGapBetweenFines", gap + " must be positive");
    FineLimits.RepeatEscalation escalation = null;
    if (f.repeatEscalation() != null) {
      PolicyDocument.RepeatEscalation r = f.repeatEscalation();
      int before = p.count();
      if (r.within() == null || r.within().isNegative() || r.within().isZero()) {
        p.add("fineLimits.repeatEscalation.within", "missing or not positive");
      }
      if (r.repeatAmountsCents() == null || r.repeatAmountsCents().isEmpty()) {
        p.add("fineLimits.repeatEscalation.repeatAmountsCents", "missing");
      } else {
        for (int i = 0; i < r.repeatAmountsCents().size(); i++) {
          Long amount = r.repeatAmountsCents().get(i);
          if (amount == null || amount <= 0) p.add("fineLimits.repeatEscalation.repeatAmountsCents[" + i + "]", "must be > 0");
        }
      }
      if (p.count() == before) escalation = new FineLimits.RepeatEscalation(r.within(), r.repeatAmountsCents());
    }
    return new FineLimits(gap, escalation);
  }

  private static DayPassRule dayPass(PolicyDocument.DayPass d, Problems p) {
    if (d == null) return null;
    int before = p.count();
    if (d.priceCents() == null || d.priceCents() < 0) p.add("dayPass.priceCents", "missing or negative");
    List<DayPassRule.Allowance> allowances = new ArrayList<>();
    if ((d.maxDaysPerCalendarYear() == null) == (d.allowances() == null || d.allowances().isEmpty())) {
      p.add("dayPass", "needs exactly one of maxDaysPerCalendarYear (every year) and allowances (dated)");
    } else if (d.maxDaysPerCalendarYear() != null) {
      if (d.maxDaysPerCalendarYear() < 1) p.add("dayPass.maxDaysPerCalendarYear", d.maxDaysPerCalendarYear() + " must be >= 1");
      else allowances.add(new DayPassRule.Allowance(null, d.maxDaysPerCalendarYear(), ""));
    } else {
      Set<LocalDate> froms = new HashSet<>();
      for (int i = 0; i < d.allowances().size(); i++) {
        String at = "dayPass.allowances[" + i + "]";
        PolicyDocument.Allowance a = d.allowances().get(i);
        if (a == null) {
          p.add(at, "null");
          continue;
        }
        int start = p.count();
        if (a.from() == null && i > 0) p.add(at + ".from", "missing (only the first allowance may omit it)");
        if (!froms.add(a.from() == null ? LocalDate.MIN : a.from())) p.add(at + ".from", a.from() + " given twice");
        if (a.maxDaysPerCalendarYear() == null || a.maxDaysPerCalendarYear() < 1) p.add(at + ".maxDaysPerCalendarYear", "missing or < 1");
        if (blank(a.source())) p.add(at + ".source", "missing: say where this allowance comes from");
        if (p.count() == start) allowances.add(new DayPassRule.Allowance(a.from(), a.maxDaysPerCalendarYear(), a.source()));
      }
    }
    if (d.validUntilNextDay() == null) p.add("dayPass.validUntilNextDay", "missing (HH:mm; 00:00 = ends at midnight)");
    if (d.purchaseDaysAfterVisit() == null || d.purchaseDaysAfterVisit() < 0) p.add("dayPass.purchaseDaysAfterVisit", "missing or negative");
    if (p.count() > before) return null;
    return new DayPassRule(d.priceCents(), allowances, d.validUntilNextDay(), d.purchaseDaysAfterVisit());
  }

  private static ForeignRegistrationRule foreignRegistration(PolicyDocument.ForeignRegistration r, Problems p) {
    if (r == null) return null;
    int before = p.count();
    if (r.exemptCountries() != null) countries(r.exemptCountries(), "foreignRegistration.exemptCountries", p);
    if (r.validity() == null || r.validity().isNegative() || r.validity().isZero()) p.add("foreignRegistration.validity", "missing or not positive");
    if (r.deadlineDaysAfterVisit() == null || r.deadlineDaysAfterVisit() < 0) p.add("foreignRegistration.deadlineDaysAfterVisit", "missing or negative");
    if (r.priceCents() == null || r.priceCents() < 0) p.add("foreignRegistration.priceCents", "missing or negative");
    if (p.count() > before) return null;
    return new ForeignRegistrationRule(r.exemptCountries() == null ? Set.of() : Set.copyOf(r.exemptCountries()),
        r.validity(), r.deadlineDaysAfterVisit(), r.priceCents());
  }

  private static DailyChargeRule dailyCharge(PolicyDocument.DailyCharge c, Problems p) {
    if (c == null) return null;
    int before = p.count();
    if (c.amountCents() == null || c.amountCents() <= 0) p.add("dailyCharge.amountCents", "missing or not positive");
    if (c.paymentDaysAfterTravel() == null || c.paymentDaysAfterTravel() < 0) p.add("dailyCharge.paymentDaysAfterTravel", "missing or negative");
    if (p.count() > before) return null;
    return new DailyChargeRule(c.amountCents(), c.paymentDaysAfterTravel());
  }

  /** Problems of one document, each prefixed with the origin and a field path. */
  private static final class Problems {
    private final String origin;
    private final String prefix;
    private final List<String> list;

    Problems(String origin) {
      this(origin, "", new ArrayList<>());
    }

    private Problems(String origin, String prefix, List<String> list) {
      this.origin = origin;
      this.prefix = prefix;
      this.list = list;
    }

    Problems under(String path) {
      return new Problems(origin, prefix + path + ".", list);
    }

    void add(String path, String message) {
      list.add(origin + ": " + prefix + path + ": " + message);
    }

    int count() {
      return list.size();
    }

    void throwIfAny() throws PolicyValidationException {
      if (!list.isEmpty()) throw new PolicyValidationException(list);
    }
  }
}
