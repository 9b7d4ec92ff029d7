package io.lezflow.ops.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of the processes of the stack, from {@code /proc} (Linux), and of
 * the parts inside this JVM (ingest, Flink, Kafka, the load generator), from per-thread CPU time.
 * Everything is best effort: on a system without {@code /proc} the figures are empty.
 */
public final class ProcessStats {
  /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux (100 on every mainstream kernel). */
  private static final double TICKS_PER_SECOND = 100.0;

  /** Named groups of processes: each a supplier of its current pids (postgres forks backends). */
  private final Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  public ProcessStats() {
    processes.put("jvm (ingest+flink+kafka+load)", () -> List.of(ProcessHandle.current().pid()));
    if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) threads.setThreadCpuTimeEnabled(true);
  }

  public void add(String name, Supplier<List<Long>> pids) {
    processes.put(name, pids);
  }

  /** A snapshot: CPU seconds per group (processes, and thread groups of this JVM), RSS MiB per process group. */
  public record Snapshot(long nanos, Map<String, Double> cpuSeconds, Map<String, Double> rssMb) {}

  public Snapshot snapshot() {
    Map<String, Double> cpu = new LinkedHashMap<>();
    Map<String, Double> rss = new LinkedHashMap<>();
    for (Map.Entry<String, Supplier<List<Long>>> e : processes.entrySet()) {
      double seconds = 0;
      double mb = 0;
      for (long pid : e.getValue().get()) {
        seconds += cpuSeconds(pid);
        mb += rssMb(pid);
      }
      cpu.put(e.getKey(), seconds);
      rss.put(e.getKey(), mb);
    }
    cpu.putAll(threadGroups());
    return new Snapshot(System.nanoTime(), cpu, rss);
  }

  /** CPU % (100 = one core) per group between two snapshots. */
  public static Map<String, Double> cpuPercent(Snapshot from, Snapshot to) {
    double wall = Math.max(1e-9, (to.nanos() - from.nanos()) / 1e9);
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : to.cpuSeconds().entrySet()) {
      double before = from.cpuSeconds().getOrDefault(e.getKey(), 0.0);
      out.put(e.getKey(), Math.max(0, 100 * (e.getValue() - before) / wall));
    }
    return out;
  }

  private Map<String, Double> threadGroups() {
    Map<String, Double> groups = new HashMap<>();
    if (!threads.isThreadCpuTimeSupported()) return groups;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      if (nanos < 0) continue;
      groups.merge("  thread group: " + group(info.getThreadName()), nanos / 1e9, Double::sum);
    }
    return new java.util.TreeMap<>(groups);
  }

  /** Which part of the JVM a thread belongs to, by its name (Paho names its threads after the client id). */
  public static String group(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    if (n.contains("load-") || n.contains("lez-load")) return "load generator";
    if (n.contains("ingest") || n.contains("outbox")) return "ingest";
    if (n.contains("kafka-producer") || n.contains("producer-")) return "kafka clients";
    if (n.contains("kafka") || n.contains("data-plane") || n.contains("broker") || n.contains("raft") || n.contains("controller")
        || n.contains("log-cleaner") || n.contains("expirationreaper") || n.contains("quorum")) return "kafka broker";
    if (n.contains("flink") || n.contains("source") || n.contains("sink") || n.contains("enforcement") || n.contains("pekko")
        || n.contains("keyed") || n.contains("checkpoint") || n.contains("rocksdb") || n.contains("mailbox")
        || n.contains("-> ") || n.contains("(1/") || n.contains("(2/")) return "flink";
    if (n.contains("gc ") || n.contains("gc thread") || n.contains("g1 ") || n.contains("parallel")) return "jvm gc";
    return "other";
  }

  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime (fields 14, 15)
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  public static double rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  /** The pids whose command line contains {@code marker}, and all their children (one level: postgres backends). */
  public static List<Long> processesWith(String marker) {
    List<Long> roots = new ArrayList<>();
    Map<Long, Long> parentOf = new HashMap<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        long pid = Long.parseLong(name);
        try {
          String cmd = Files.readString(dir.resolve("cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
          if (cmd.contains(marker)) roots.add(pid);
          String stat = Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII);
          parentOf.put(pid, Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]));
        } catch (IOException | RuntimeException gone) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    long self = ProcessHandle.current().pid();
    roots.remove(self);
    List<Long> all = new ArrayList<>(roots);
    for (Map.Entry<Long, Long> e : parentOf.entrySet()) {
      if (roots.contains(e.getValue()) && !all.contains(e.getKey())) all.add(e.getKey());
    }
    return all;
  }
}
