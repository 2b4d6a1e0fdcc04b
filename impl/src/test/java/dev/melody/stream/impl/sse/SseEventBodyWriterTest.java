package dev.melody.stream.impl.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.Test;

/** The library's body writer: a batch is the events' wire forms in order, written with one flush. */
class SseEventBodyWriterTest {

    /** Counts flushes. */
    private static final class CountingStream extends ByteArrayOutputStream {
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }
    }

    private static OutboundSseEvent event(String id, String name, String data) {
        return new OutboundEvent.Builder().id(id).name(name).mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(String.class, data).build();
    }

    private static CountingStream write(OutboundSseEvent event) throws IOException {
        CountingStream out = new CountingStream();
        new SseEventBodyWriter().writeTo(event, OutboundSseEvent.class, OutboundSseEvent.class, new Annotation[0],
                MediaType.SERVER_SENT_EVENTS_TYPE, new MultivaluedHashMap<>(), out);
        return out;
    }

    @Test
    void aBatchIsItsEventsInOrderWithOneFlush() throws IOException {
        OutboundSseEvent first = event("1", "a", "x\ny");
        OutboundSseEvent second = event("2", null, "");
        OutboundSseEvent heartbeat = new OutboundEvent.Builder().comment("heartbeat").build();
        OutboundSseEvent batch = new OutboundEvent.Builder().mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(SseEventBatch.class, new SseEventBatch(List.of(first, heartbeat, second))).build();

        CountingStream out = write(batch);

        assertEquals("event: a\nid: 1\ndata: x\ndata: y\n\n: heartbeat\n\nid: 2\ndata: \n\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(1, out.flushes.get());
        assertEquals(write(first).toString(StandardCharsets.UTF_8) + write(heartbeat).toString(StandardCharsets.UTF_8)
                + write(second).toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    }
}
