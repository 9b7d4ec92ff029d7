package io.lezflow.ingest.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.schemas.Topics;
import io.lezflow.schemas.v1.RejectReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxStoreTest {
  @TempDir Path dir;

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void appendsAreReadBackInOrderAndRemovalsTakeThemOut() {
    try (OutboxStore store = OutboxStore.open(dir)) {
      long first = store.append(List.of(bytes("a"), bytes("bb"), bytes("ccc")));
      long fourth = store.append(List.of(bytes("dddd")));

      assertThat(first).isZero();
      assertThat(fourth).isEqualTo(3);
      assertThat(store.size()).isEqualTo(4);
      assertThat(store.bytes()).isEqualTo(10);
      assertThat(store.readFrom(1, 2)).extracting(OutboxStore.Entry::sequence).containsExactly(1L, 2L);

      store.remove(new long[] {1, 3}, 2, 6);

      assertThat(store.readFrom(0, 10)).extracting(e -> new String(e.encoded(), StandardCharsets.UTF_8)).containsExactly("a", "ccc");
      assertThat(store.get(1)).isEmpty();
      assertThat(store.get(2)).map(e -> new String(e.encoded(), StandardCharsets.UTF_8)).contains("ccc");
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.bytes()).isEqualTo(4);
    }
  }

  @Test
  void whatWasNotRemovedIsThereAfterAReopenAndNewEntriesFollowTheOldOnes() {
    try (OutboxStore store = OutboxStore.open(dir)) {
      store.append(List.of(bytes("a"), bytes("bb"), bytes("ccc")));
      store.remove(new long[] {0}, 1, 1);
    }
    try (OutboxStore store = OutboxStore.open(dir)) {
      assertThat(store.entriesAtOpen()).isEqualTo(2);
      assertThat(store.firstSequenceAtOpen()).isEqualTo(1);
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.bytes()).isEqualTo(5);
      assertThat(store.append(List.of(bytes("d")))).isEqualTo(3);
    }
  }

  @Test
  void anEmptyOutboxStartsAtZeroAndReplaysNothing() {
    try (OutboxStore store = OutboxStore.open(dir)) {
      assertThat(store.entriesAtOpen()).isZero();
      assertThat(store.firstSequenceAtOpen()).isZero();
      assertThat(store.readFrom(0, 10)).isEmpty();
    }
  }

  @Test
  void twoProcessesCannotShareAnOutbox() {
    try (OutboxStore store = OutboxStore.open(dir)) {
      assertThatThrownBy(() -> OutboxStore.open(dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("another ingest process");
    }
  }

  @Test
  void codecKeepsEveryFieldOfReadsAndDeadLetters() {
    OutboundRecord read = new OutboundRecord(Topics.PLATE_READS, bytes("BE:1ABC234"), new byte[] {1, 2, 3}, OutboundRecord.Kind.READ, null);
    OutboundRecord dead = new OutboundRecord(Topics.DLQ, bytes("cam"), new byte[0], OutboundRecord.Kind.DEAD_LETTER,
        RejectReason.REJECT_REASON_UNMAPPABLE);
    for (OutboundRecord record : List.of(read, dead)) {
      OutboundRecord back = OutboxRecordCodec.decode(OutboxRecordCodec.encode(record));
      assertThat(back.kafkaTopic()).isEqualTo(record.kafkaTopic());
      assertThat(back.key()).isEqualTo(record.key());
      assertThat(back.value()).isEqualTo(record.value());
      assertThat(back.kind()).isEqualTo(record.kind());
      assertThat(back.rejectReason()).isEqualTo(record.rejectReason());
    }
  }

  @Property(tries = 500)
  void anyBytesDecodeToARecordOrFailWithIllegalArgument(@ForAll @Size(max = 64) byte[] bytes) {
    try {
      assertThat(OutboxRecordCodec.decode(bytes)).isNotNull();
    } catch (IllegalArgumentException expected) {
      assertThat(expected).hasMessageNotContaining("null");
    }
  }
}
