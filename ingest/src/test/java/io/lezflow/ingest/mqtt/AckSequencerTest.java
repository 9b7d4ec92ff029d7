package io.lezflow.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckSequencerTest {
  final List<Integer> acked = new ArrayList<>();
  final AckSequencer sequencer = new AckSequencer((id, qos) -> acked.add(id));

  @Test
  void acknowledgesInArrivalOrderWhateverOrderMessagesBecomeSafe() {
    AckSequencer.Ticket a = sequencer.register(1, 1);
    AckSequencer.Ticket b = sequencer.register(2, 1);
    AckSequencer.Ticket c = sequencer.register(3, 1);

    assertThat(sequencer.markSafe(c)).isZero();
    assertThat(sequencer.markSafe(b)).isZero();
    assertThat(acked).isEmpty();
    assertThat(sequencer.pending()).isEqualTo(3);

    assertThat(sequencer.markSafe(a)).isEqualTo(3);
    assertThat(acked).containsExactly(1, 2, 3);
    assertThat(sequencer.pending()).isZero();
  }

  @Test
  void markingSafeTwiceReleasesOnce() {
    AckSequencer.Ticket a = sequencer.register(1, 1);

    assertThat(sequencer.markSafe(a)).isEqualTo(1);
    assertThat(sequencer.markSafe(a)).isZero();
    assertThat(acked).containsExactly(1);
  }

  @Test
  void messagesOfALostConnectionAreReleasedButNeverAcknowledged() {
    AckSequencer.Ticket old1 = sequencer.register(5, 1);
    AckSequencer.Ticket old2 = sequencer.register(6, 1);
    sequencer.connectionLost();
    // the broker reuses packet id 5 on the new connection for another message
    AckSequencer.Ticket fresh = sequencer.register(5, 1);

    assertThat(sequencer.markSafe(fresh)).isZero(); // waits for the older ones
    assertThat(sequencer.markSafe(old2)).isZero();
    assertThat(sequencer.markSafe(old1)).isEqualTo(3);

    assertThat(acked).containsExactly(5); // only the fresh one, once
    assertThat(sequencer.skippedStale()).isEqualTo(2);
  }

  @Test
  void qosZeroMessagesNeedNoAcknowledgement() {
    AckSequencer.Ticket q0 = sequencer.register(0, 0);
    AckSequencer.Ticket q1 = sequencer.register(9, 1);

    sequencer.markSafe(q1);
    sequencer.markSafe(q0);

    assertThat(acked).containsExactly(9);
    assertThat(sequencer.pending()).isZero();
  }
}
