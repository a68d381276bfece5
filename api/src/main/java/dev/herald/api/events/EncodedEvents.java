package dev.herald.api.events;

import dev.herald.storage.events.StoredEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each event as its whole Server-Sent Events frame ({@code id}, {@code event}, {@code data}),
 * encoded once per instance however many streams send it: the streams of a project take their
 * events from one shared feed, so each event is sent again and again, and building its frame for
 * every stream (10,000 times a second for 500 streams at 20 events/s: the envelope's JSON, then the
 * frame's text, then its bytes) was the larger part of what the streams cost the API. A stream
 * sends the shared bytes, wrapped, not copied.
 *
 * <p>The bytes are a direct Netty buffer that no write can release: a frame in any other buffer is
 * copied by WebFlux into a new heap buffer for every write (13 MB a second for 500 streams at 20
 * events/s), and a heap buffer is copied again by Netty into a direct one before it reaches the
 * socket. The memory is the JVM's (a {@link ByteBuffer#allocateDirect direct ByteBuffer}), freed
 * when the frame is forgotten and no write holds it any more.
 */
@Component
class EncodedEvents {

  /** Recent frames kept: the shared feed hands each batch (at most 500) to every stream. */
  static final int KEPT = 4096;

  private static final NettyDataBufferFactory BUFFERS =
      new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

  private final JsonMapper json;
  private final Map<String, ByteBuf> recent =
      new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ByteBuf> eldest) {
          return size() > KEPT;
        }
      };

  EncodedEvents(JsonMapper json) {
    this.json = json;
  }

  /** The event's frame: {@code id} = its sequence, {@code event} = its type, {@code data} = it. */
  DataBuffer frame(StoredEvent stored) {
    String id = stored.event().id();
    ByteBuf known;
    synchronized (recent) {
      known = recent.get(id);
    }
    if (known == null) {
      // outside the lock: two streams may encode the same event at once, to the same bytes
      known =
          text(
              "id:"
                  + stored.sequence()
                  + "\nevent:"
                  + stored.event().type()
                  + "\ndata:"
                  + json.writeValueAsString(stored.event()).replace("\n", "\ndata:")
                  + "\n\n");
      synchronized (recent) {
        recent.put(id, known);
      }
    }
    return send(known);
  }

  private static final ByteBuf HEARTBEAT = text(":heartbeat\n\n");

  /** A heartbeat: a comment frame ({@code :heartbeat}), which clients ignore. */
  static DataBuffer heartbeat() {
    return send(HEARTBEAT);
  }

  /** The last frame of a stream that is ended: {@code event: error} with the reason as comment. */
  static DataBuffer farewell(String reason) {
    return send(text("event:error\n:" + reason.replace("\n", "\n:") + "\n\n"));
  }

  /** One write of shared bytes: its own reader index over them, and a release that does nothing. */
  private static DataBuffer send(ByteBuf frame) {
    return BUFFERS.wrap(frame.duplicate());
  }

  private static ByteBuf text(String frame) {
    byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
  }
}
