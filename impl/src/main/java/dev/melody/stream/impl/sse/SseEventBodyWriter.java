package dev.melody.stream.impl.sse;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Providers;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link OutboundSseEvent}s of the library's own SSE application in the format of {@link SseEventFormat}.
 *
 * <p><b>Role.</b> The servers' own writers differ on exactly the cases that matter (measured, see the README):
 * RESTEasy (WildFly, Open Liberty) folds blank lines inside data and drops a trailing line break, Jersey (Payara)
 * writes no {@code data:} line at all for empty data, so that event never fires in a browser, and both write
 * Registered by {@link SseApplication}, it takes precedence over Jersey's built-in writer, so Payara writes the same,
 * correct bytes as the format says. RESTEasy never consults application writers for SSE; there
 * {@link SseEventFormat#outbound} shapes the event so that RESTEasy's own writer produces the same bytes. It carries no {@code @Provider} annotation on purpose: an application that scans the WAR for
 * providers keeps its server's writer for its own streams.
 *
 * <p>A batch ({@link SseEventBatch}, several events of one stream as the data of one) is written with one write and
 * one flush; so that a channel only batches where this writer writes its stream, the first write of a send made on
 * the writing thread tells the channel ({@link #SENDING}).
 *
 * <p><b>Thread-safety and lifecycle.</b> Stateless apart from the injected {@link Providers} proxy; one instance per
 * JAX-RS application, called concurrently for different sinks.
 */
@Produces(MediaType.SERVER_SENT_EVENTS)
public class SseEventBodyWriter implements MessageBodyWriter<OutboundSseEvent> {

    /**
     * The channel whose send is running on this thread, so that it learns this writer writes its stream (a send
     * that Jersey writes on the calling thread); empty otherwise.
     */
    static final ThreadLocal<SseChannel> SENDING = new ThreadLocal<>();

    @Context
    Providers providers;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return OutboundSseEvent.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(OutboundSseEvent event, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream entity)
            throws IOException {
        SseChannel sending = SENDING.get();
        if (sending != null) {
            sending.writtenByLibrary();
        }
        if (event.getData() instanceof SseEventBatch batch) {
            StringBuilder text = new StringBuilder();
            for (OutboundSseEvent one : batch.events()) {
                text.append(SseEventFormat.wire(one, dataText(one, annotations)));
            }
            entity.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            entity.write(SseEventFormat.wire(event, dataText(event, annotations)).getBytes(StandardCharsets.UTF_8));
        }
        entity.flush();
    }

    /** Returns the data as text: a String as it is, another type through its own writer, or null for none. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private String dataText(OutboundSseEvent event, Annotation[] annotations) throws IOException {
        Object data = event.getData();
        if (data == null || data instanceof String) {
            return (String) data;
        }
        MediaType type = event.getMediaType() == null ? MediaType.TEXT_PLAIN_TYPE : event.getMediaType();
        MessageBodyWriter writer = providers == null ? null
                : providers.getMessageBodyWriter(event.getType(), event.getGenericType(), annotations, type);
        if (writer == null) {
            return String.valueOf(data);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.writeTo(data, event.getType(), event.getGenericType(), annotations, type, new MultivaluedHashMap<>(), bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
