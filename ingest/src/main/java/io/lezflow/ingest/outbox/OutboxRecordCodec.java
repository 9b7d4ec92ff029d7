package io.lezflow.ingest.outbox;

import io.lezflow.ingest.routing.OutboundRecord;
import io.lezflow.schemas.v1.RejectReason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one outbox entry: everything needed to send an {@link OutboundRecord} to Kafka
 * after a restart (topic, key, value) plus its kind and reject reason for the counters.
 *
 * <p>Layout (big-endian): {@code version:1 | kind:1 | reason:4 | topicLen:2 | topic | keyLen:4 |
 * key | valueLen:4 | value}. The version byte comes first so that a later layout can still read
 * entries left by an older gateway.
 *
 * <p>Invariant: {@code decode(encode(r))} equals {@code r} field by field; {@link #decode} never
 * returns a half-read record: malformed bytes throw {@link IllegalArgumentException}.
 */
public final class OutboxRecordCodec {
  private OutboxRecordCodec() {}

  static final byte VERSION = 1;
  private static final int NO_REASON = -1;

  public static byte[] encode(OutboundRecord record) {
    byte[] topic = record.kafkaTopic().getBytes(StandardCharsets.UTF_8);
    if (topic.length > Short.MAX_VALUE) throw new IllegalArgumentException("topic name too long");
    ByteBuffer buffer = ByteBuffer.allocate(1 + 1 + 4 + 2 + topic.length + 4 + record.key().length + 4 + record.value().length);
    buffer.put(VERSION);
    buffer.put(kindCode(record.kind()));
    buffer.putInt(record.rejectReason() == null ? NO_REASON : record.rejectReason().getNumber());
    buffer.putShort((short) topic.length).put(topic);
    buffer.putInt(record.key().length).put(record.key());
    buffer.putInt(record.value().length).put(record.value());
    return buffer.array();
  }

  public static OutboundRecord decode(byte[] bytes) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      byte version = buffer.get();
      if (version != VERSION) throw new IllegalArgumentException("unknown outbox entry version " + version);
      OutboundRecord.Kind kind = kindOf(buffer.get());
      int reasonNumber = buffer.getInt();
      String topic = new String(take(buffer, buffer.getShort()), StandardCharsets.UTF_8);
      byte[] key = take(buffer, buffer.getInt());
      byte[] value = take(buffer, buffer.getInt());
      if (buffer.hasRemaining()) throw new IllegalArgumentException(buffer.remaining() + " trailing bytes");
      RejectReason reason = null;
      if (reasonNumber != NO_REASON) {
        reason = RejectReason.forNumber(reasonNumber);
        // A reason added by a newer gateway: still a dead letter, counted as internal.
        if (reason == null) reason = RejectReason.REJECT_REASON_INTERNAL_ERROR;
      }
      return new OutboundRecord(topic, key, value, kind, reason);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("truncated outbox entry of " + bytes.length + " bytes", e);
    }
  }

  private static byte[] take(ByteBuffer buffer, int length) {
    if (length < 0 || length > buffer.remaining()) {
      throw new IllegalArgumentException("field length " + length + " exceeds the " + buffer.remaining() + " bytes left");
    }
    byte[] out = new byte[length];
    buffer.get(out);
    return out;
  }

  private static byte kindCode(OutboundRecord.Kind kind) {
    return switch (kind) {
      case READ -> 0;
      case STATUS -> 1;
      case DEAD_LETTER -> 2;
    };
  }

  private static OutboundRecord.Kind kindOf(byte code) {
    return switch (code) {
      case 0 -> OutboundRecord.Kind.READ;
      case 1 -> OutboundRecord.Kind.STATUS;
      case 2 -> OutboundRecord.Kind.DEAD_LETTER;
      default -> throw new IllegalArgumentException("unknown record kind " + code);
    };
  }
}
