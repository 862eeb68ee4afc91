package io.tillwatch.ingest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one connection's PUBACKs without flushing each; {@link AckBatches} flushes once per batch.
 *
 * <p>Design notes. vertx-mqtt 5.0.7's {@code MqttEndpoint.publishAcknowledge} ends in Vert.x's
 * {@code VertxConnection.write}, which flushes at once unless that very connection is inside a read
 * (then Vert.x flushes once at the end of the read) or is draining its outbound queue. A PUBACK sent
 * after a journal commit is never inside its connection's read, so each one cost a write, a flush
 * and a socket write system call, plus a Vert.x promise and outbound-queue task. The endpoint API has
 * no write-without-flush, so this class writes the same Netty message vertx-mqtt builds (same fixed
 * header and {@link MqttPubReplyMessageVariableHeader}, through the same {@code MqttEncoder}: the
 * same bytes, an MQTT 5 refusal's reason code and properties included) to the connection's
 * {@link ChannelHandlerContext} (the one Vert.x itself writes to), and leaves the flush to the batch.
 *
 * <p>vertx-mqtt keeps the socket in a private field of {@code MqttEndpointImpl}; it is read once per
 * connection, by reflection. Should a later vertx-mqtt rename it, every PUBACK goes through
 * {@code publishAcknowledge} again (correct, one flush each) and {@code PubAckWriterTest} fails, so
 * the upgrade does not lose the batching unnoticed.
 *
 * <p>What bypassing Vert.x's outbound queue means. On the event loop Vert.x writes straight to the
 * channel too, as long as its queue is empty; it queues only while the socket is not writable. Then
 * a PUBACK written here can overtake a SUBACK, PINGRESP or outgoing command Vert.x holds back, which
 * MQTT allows (order is kept within each flow; PUBACKs among themselves keep their order, all but an
 * MQTT 5 ACL denial being written here). It also ignores that backpressure, but the PUBACKs one
 * connection can have outstanding are bounded by its in-flight window ({@link PublishGate}). Vert.x's
 * own bytes-written metrics do not see these PUBACKs (TillWatch does not enable them).
 */
final class PubAckWriter extends AckBatches.Flushable {
  private static final Logger LOG = LoggerFactory.getLogger(PubAckWriter.class);
  private static final MqttSocketField SOCKET = new MqttSocketField("io.vertx.mqtt.impl.MqttEndpointImpl", "conn",
      why -> LOG.info("PUBACKs are flushed one by one: this vertx-mqtt's endpoint does not expose its socket ({})", why));
  private static final MqttFixedHeader PUBACK = new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE,
      false, 0);

  private final MqttEndpoint endpoint;
  /** Null: the socket could not be reached; PUBACKs go through vertx-mqtt, flushed each. */
  private final ChannelHandlerContext channel;
  /**
   * Fire and forget, like vertx-mqtt's own PUBACK (whose write future nobody looks at): a PUBACK to
   * a peer that has just gone fails quietly instead of surfacing as a connection error.
   */
  private final ChannelPromise ignored;

  PubAckWriter(MqttEndpoint endpoint) {
    this.endpoint = endpoint;
    this.channel = channelOf(endpoint);
    this.ignored = channel == null ? null : new VoidChannelPromise(channel.channel(), false);
  }

  /** A PUBACK, not flushed. The caller has checked that the connection is up. */
  void write(int messageId, MqttPubAckReasonCode code, MqttProperties properties) {
    if (channel == null || !channel.executor().inEventLoop()) { // (not expected: answers run on the connection's loop)
      endpoint.publishAcknowledge(messageId, code, properties);
      return;
    }
    channel.write(MqttMessageFactory.newMessage(PUBACK,
        new MqttPubReplyMessageVariableHeader(messageId, code.value(), properties), null), ignored);
  }

  @Override
  void flush() {
    if (channel != null) {
      channel.flush();
    }
  }

  /** Whether PUBACKs bypass vertx-mqtt's flush-each write (tests pin this for the vertx-mqtt in use). */
  boolean batched() {
    return channel != null;
  }

  /** The connection's Netty context, or null (tests put a flush counter in front of it). */
  ChannelHandlerContext channel() {
    return channel;
  }

  private static ChannelHandlerContext channelOf(MqttEndpoint endpoint) {
    NetSocketInternal socket = SOCKET.of(endpoint);
    return socket == null ? null : socket.channelHandlerContext();
  }
}
