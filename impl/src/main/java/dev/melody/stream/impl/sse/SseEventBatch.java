package dev.melody.stream.impl.sse;

import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.List;

/**
 * Several events of one stream written as one: the data of the carrier event that {@link SseChannel#combine} builds
 * and {@link SseEventBodyWriter} writes with one write and one flush.
 *
 * <p><b>Role.</b> Only ever sent where the library's own body writer was seen writing the stream's opening comment
 * (Jersey, Payara), since no other writer knows this type.
 *
 * <p><b>Thread-safety and lifecycle.</b> Immutable; built by the writer's drain and written once.
 *
 * @param events the events, in order
 */
record SseEventBatch(List<OutboundSseEvent> events) {
}
