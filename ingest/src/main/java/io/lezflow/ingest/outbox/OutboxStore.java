package io.lezflow.ingest.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A durable FIFO of encoded Kafka records in RocksDB, keyed by a gap-free, ever-increasing
 * sequence number (8 bytes big-endian, so key order is append order).
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>When {@link #append} returns, its entries are in the write-ahead log and the log is
 *       fsynced: a process crash or a power loss right after cannot lose them. One append is one
 *       atomic write batch and one fsync, whatever its size: callers group many records into one
 *       append (group commit).
 *   <li>{@link #remove} is not synced: a crash may bring back entries that were removed just
 *       before it. They are then sent again; duplicates are harmless downstream (dedup by
 *       read_id), losses would not be.
 *   <li>{@link #size()} and {@link #bytes()} count the entries present, recomputed by a scan at
 *       open and kept up to date by append and remove.
 * </ul>
 *
 * <p>Thread-safety: reads may run concurrently with one writer thread; {@link #append} and
 * {@link #remove} must come from one thread at a time.
 */
public final class OutboxStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  /** One stored entry: its sequence number and its encoded record. */
  public record Entry(long sequence, byte[] encoded) {}

  private final Path dir;
  private final Options options;
  private final RocksDB db;
  private final WriteOptions syncedWrite;
  private final WriteOptions unsyncedWrite;
  private final AtomicLong size = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final long firstSequenceAtOpen;
  private final int entriesAtOpen;
  private long nextSequence;
  private volatile boolean closed;

  private OutboxStore(Path dir) throws RocksDBException {
    this.dir = dir;
    this.options = new Options()
        .setCreateIfMissing(true)
        // Recover up to the last consistent write after a crash: synced batches are never lost.
        .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
        .setWriteBufferSize(16L * 1024 * 1024)
        .setMaxTotalWalSize(64L * 1024 * 1024)
        .setMaxBackgroundJobs(2)
        // Records are small protobufs, already compact; LZ4 is cheap and still halves text-heavy dead letters.
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(2)
        .setMaxLogFileSize(4L * 1024 * 1024)
        .setStatsDumpPeriodSec(0);
    this.db = RocksDB.open(options, dir.toString());
    this.syncedWrite = new WriteOptions().setSync(true);
    this.unsyncedWrite = new WriteOptions().setSync(false);
    long first = -1;
    long last = -1;
    int count = 0;
    long total = 0;
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long sequence = sequenceOf(it.key());
        if (first < 0) first = sequence;
        last = sequence;
        count++;
        total += it.value().length;
      }
      it.status();
    }
    this.size.set(count);
    this.bytes.set(total);
    this.entriesAtOpen = count;
    this.nextSequence = last < 0 ? 0 : last + 1;
    this.firstSequenceAtOpen = first < 0 ? nextSequence : first;
  }

  /**
   * Opens (creating if needed) the outbox in {@code dir}. One process at a time: RocksDB's lock
   * file makes a second open of the same directory fail, which keeps two gateways from sharing
   * an outbox.
   *
   * @throws IllegalStateException naming the directory when it cannot be opened
   */
  public static OutboxStore open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
      return new OutboxStore(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the outbox directory " + dir, e);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot open the outbox in " + dir + " (is another ingest process using it?): " + e.getMessage(), e);
    }
  }

  /**
   * Appends the encoded records in one synced write batch.
   *
   * @return the sequence number of the first one; the others follow without gaps
   */
  public long append(List<byte[]> encodedRecords) {
    ensureOpen();
    long first = nextSequence;
    long added = 0;
    try (WriteBatch batch = new WriteBatch()) {
      long sequence = first;
      for (byte[] encoded : encodedRecords) {
        batch.put(keyOf(sequence++), encoded);
        added += encoded.length;
      }
      db.write(syncedWrite, batch);
      nextSequence = sequence;
    } catch (RocksDBException e) {
      throw new IllegalStateException("outbox write failed in " + dir + ": " + e.getMessage(), e);
    }
    size.addAndGet(encodedRecords.size());
    bytes.addAndGet(added);
    return first;
  }

  /**
   * Removes entries (not synced, see the class invariants).
   *
   * @param sequences entries to remove, each present and removed at most once
   * @param removedBytes the sum of their encoded sizes
   */
  public void remove(long[] sequences, int count, long removedBytes) {
    if (count == 0) return;
    ensureOpen();
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < count; i++) batch.delete(keyOf(sequences[i]));
      db.write(unsyncedWrite, batch);
    } catch (RocksDBException e) {
      throw new IllegalStateException("outbox delete failed in " + dir + ": " + e.getMessage(), e);
    }
    size.addAndGet(-count);
    bytes.addAndGet(-removedBytes);
  }

  /** Up to {@code max} entries with a sequence number {@code >= from}, in order. */
  public List<Entry> readFrom(long from, int max) {
    ensureOpen();
    List<Entry> entries = new ArrayList<>(Math.min(max, 1024));
    try (ReadOptions read = new ReadOptions().setFillCache(false);
        RocksIterator it = db.newIterator(read)) {
      for (it.seek(keyOf(from)); it.isValid() && entries.size() < max; it.next()) {
        entries.add(new Entry(sequenceOf(it.key()), it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw new IllegalStateException("outbox read failed in " + dir + ": " + e.getMessage(), e);
    }
    return entries;
  }

  /** The entry with this sequence number, if still present. */
  public Optional<Entry> get(long sequence) {
    ensureOpen();
    try {
      byte[] value = db.get(keyOf(sequence));
      return value == null ? Optional.empty() : Optional.of(new Entry(sequence, value));
    } catch (RocksDBException e) {
      throw new IllegalStateException("outbox read failed in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Entries present. */
  public long size() {
    return size.get();
  }

  /** Encoded bytes of the entries present. */
  public long bytes() {
    return bytes.get();
  }

  /** The lowest sequence number present when the store was opened (where a replay starts). */
  public long firstSequenceAtOpen() {
    return firstSequenceAtOpen;
  }

  /** Entries found when the store was opened: what a previous process left to forward. */
  public int entriesAtOpen() {
    return entriesAtOpen;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    syncedWrite.close();
    unsyncedWrite.close();
    db.close();
    options.close();
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("outbox " + dir + " is closed");
  }

  static byte[] keyOf(long sequence) {
    return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
  }

  static long sequenceOf(byte[] key) {
    if (key.length != Long.BYTES) throw new IllegalStateException("outbox key of " + key.length + " bytes");
    return ByteBuffer.wrap(key).getLong();
  }
}
