package io.lezflow.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report of one {@code lezflow bench} run: {@code report.md} for people, {@code report.json}
 * for tools, {@code latency.svg} (camera->decision latency percentiles and throughput per step).
 *
 * @param machine nproc, CPU model, load average at start and end
 * @param settings the tunables of the run
 * @param steps the stepped run
 * @param baselines reads/s of each baseline and stage measured in the same run (name -> reads/s)
 * @param notes what the reader must know (e.g. a baseline that failed)
 */
public record BenchReport(Map<String, Object> machine, Map<String, Object> settings, List<StepResult> steps,
    Map<String, Double> baselines, List<String> notes) {

  public Optional<StepResult> knee() {
    return Knee.of(steps);
  }

  /** Stage rate / its baseline: ingest vs raw Mosquitto, enforcement vs pass-through, Kafka stages. */
  public Map<String, Double> ratios() {
    Map<String, Double> r = new LinkedHashMap<>();
    ratio(r, "ingest gateway / raw Mosquitto pub->sub", "ingest gateway (MQTT -> outbox -> Kafka)", "raw Mosquitto publish->subscribe");
    ratio(r, "enforcement / pass-through job", "enforcement job from a backlog", "pass-through job Kafka->Kafka");
    ratio(r, "enforcement / consume-and-parse", "enforcement job from a backlog", "consume-and-parse job");
    ratio(r, "pass-through job / raw Kafka produce->consume", "pass-through job Kafka->Kafka", "raw Kafka produce->consume");
    knee().ifPresent(k -> {
      Double mosquitto = baselines.get("raw Mosquitto publish->subscribe");
      if (mosquitto != null) r.put("end-to-end knee / raw Mosquitto pub->sub", k.decidedRate() / mosquitto);
    });
    return r;
  }

  private void ratio(Map<String, Double> out, String name, String stage, String baseline) {
    Double s = baselines.get(stage);
    Double b = baselines.get(baseline);
    if (s != null && b != null && b > 0) out.put(name, s / b);
  }

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", machine);
    json.put("settings", settings);
    json.put("steps", steps);
    json.put("knee", knee().map(StepResult::targetRate).orElse(null));
    json.put("baselines_reads_per_second", baselines);
    json.put("ratios", ratios());
    json.put("notes", notes);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), json);
    Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("latency.svg"), svg(), StandardCharsets.UTF_8);
  }

  public String markdown() {
    StringBuilder md = new StringBuilder("# lezflow bench\n\n");
    md.append("Machine: ");
    machine.forEach((k, v) -> md.append(k).append(" = ").append(v).append("; "));
    md.append("\n\nSettings: ");
    settings.forEach((k, v) -> md.append(k).append(" = ").append(v).append("; "));
    md.append("\n\nThe CPU is shared with whatever else runs on the machine: compare ratios within one run, not absolute figures across runs.\n\n");
    md.append("## Stepped end-to-end run (camera -> MQTT -> ingest -> Kafka -> Flink -> PostgreSQL)\n\n");
    md.append("| target reads/s | generated/s | decided/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | undecided | backlog start -> end | Kafka lag end | lag flat | sustained |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|\n");
    for (StepResult s : steps) {
      md.append(String.format(Locale.ROOT, "| %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %d -> %d | %d | %s | %s |%n",
          s.targetRate(), s.generatedRate(), s.decidedRate(), s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(), s.undecided(),
          s.backlogStartReads(), s.backlogEndReads(), s.kafkaLagEndReads(), s.lagFlat() ? "yes" : "no", s.sustained() ? "yes" : "no"));
    }
    md.append("\nKnee (highest rate with flat lag, p99 < 1 s, >= 95 % decided): ")
        .append(knee().map(k -> String.format(Locale.ROOT, "**%.0f reads/s** (p99 %.0f ms)", k.targetRate(), k.p99Ms())).orElse("**none**: no step was sustained"))
        .append("\n\n### CPU per process (% of one core) and peak RSS (MiB), per step\n\n");
    for (StepResult s : steps) {
      md.append(String.format(Locale.ROOT, "- %.0f reads/s: ", s.targetRate()));
      s.cpuPercent().forEach((k, v) -> md.append(String.format(Locale.ROOT, "%s %.0f %%; ", k.trim(), v)));
      md.append(" RSS: ");
      s.peakRssMb().forEach((k, v) -> md.append(String.format(Locale.ROOT, "%s %.0f MiB; ", k, v)));
      md.append('\n');
    }
    md.append("\n## Baselines and stages, same run, same machine and payloads (reads/s)\n\n| leg | reads/s |\n|---|---:|\n");
    baselines.forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.0f |%n", k, v)));
    md.append("\n| ratio | value |\n|---|---:|\n");
    ratios().forEach((k, v) -> md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", k, v)));
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      for (String n : notes) md.append("- ").append(n).append('\n');
    }
    md.append("\n![latency](latency.svg)\n");
    return md.toString();
  }

  /** Two panels: latency percentiles (ms, log scale) and decided vs target rate, against the target rate. */
  public String svg() {
    int w = 720;
    int h = 300;
    int left = 60;
    int right = 20;
    int top = 30;
    int bottom = 40;
    double maxRate = 1;
    double maxLatency = 10;
    for (StepResult s : steps) {
      maxRate = Math.max(maxRate, Math.max(s.targetRate(), s.decidedRate()));
      maxLatency = Math.max(maxLatency, s.p999Ms());
    }
    double logMax = Math.log10(Math.max(10, maxLatency * 1.2));
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>%n", w, 2 * h));
    svg.append("<rect width='100%' height='100%' fill='white'/>\n");
    double fMaxRate = maxRate * 1.1;
    // Panel 1: latency.
    axes(svg, left, top, w - left - right, h - top - bottom, "camera -> decision latency (ms, log) by target rate (reads/s)");
    String[] names = {"p50", "p99", "p99.9"};
    String[] colours = {"#2b7", "#e80", "#c22"};
    for (int i = 0; i < 3; i++) {
      List<double[]> pts = new ArrayList<>();
      for (StepResult s : steps) {
        double v = i == 0 ? s.p50Ms() : i == 1 ? s.p99Ms() : s.p999Ms();
        double x = left + (w - left - right) * s.targetRate() / fMaxRate;
        double y = top + (h - top - bottom) * (1 - Math.log10(Math.max(1, v)) / logMax);
        pts.add(new double[] {x, y});
      }
      polyline(svg, pts, colours[i]);
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='%s'>%s</text>%n", w - 80, top + 15 + 14 * i, colours[i], names[i]));
    }
    double oneSecond = top + (h - top - bottom) * (1 - 3 / logMax);
    svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#999' stroke-dasharray='4'/><text x='%d' y='%.1f' fill='#999'>1 s</text>%n",
        left, w - right, oneSecond, oneSecond, left + 4, oneSecond - 3));
    for (int e = 0; e <= (int) logMax; e++) {
      double y = top + (h - top - bottom) * (1 - e / logMax);
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%s</text>%n", left - 4, y + 4, (long) Math.pow(10, e)));
    }
    // Panel 2: throughput.
    int top2 = h + top;
    axes(svg, left, top2, w - left - right, h - top - bottom, "decided reads/s (blue) and target (grey) by target rate");
    List<double[]> target = new ArrayList<>();
    List<double[]> decided = new ArrayList<>();
    for (StepResult s : steps) {
      double x = left + (w - left - right) * s.targetRate() / fMaxRate;
      target.add(new double[] {x, top2 + (h - top - bottom) * (1 - s.targetRate() / fMaxRate)});
      decided.add(new double[] {x, top2 + (h - top - bottom) * (1 - s.decidedRate() / fMaxRate)});
    }
    polyline(svg, target, "#aaa");
    polyline(svg, decided, "#26c");
    for (StepResult s : steps) {
      double x = left + (w - left - right) * s.targetRate() / fMaxRate;
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%.0f</text>%n", x, 2 * h - bottom + 14, s.targetRate()));
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%.0f</text>%n", x, h - bottom + 14, s.targetRate()));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void axes(StringBuilder svg, int x, int y, int w, int h, String title) {
    svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#333'/>%n", x, y, w, h));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='13'>%s</text>%n", x, y - 10, title));
  }

  private static void polyline(StringBuilder svg, List<double[]> pts, String colour) {
    StringBuilder p = new StringBuilder();
    for (double[] pt : pts) p.append(String.format(Locale.ROOT, "%.1f,%.1f ", pt[0], pt[1]));
    svg.append(String.format(Locale.ROOT, "<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>%n", p.toString().trim(), colour));
    for (double[] pt : pts) svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>%n", pt[0], pt[1], colour));
  }
}
