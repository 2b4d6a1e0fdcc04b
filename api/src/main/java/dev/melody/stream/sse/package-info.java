/**
 * The JAX-RS SSE side of the API: {@link dev.melody.stream.sse.SseBroadcasters} hands out a topic's hub-backed
 * {@code jakarta.ws.rs.sse.SseBroadcaster}. Only this package needs the JAX-RS API ({@code jakarta.ws.rs-api},
 * which every Jakarta EE server provides); the rest of the API does not.
 *
 * <p><b>Threads.</b> Everything here may be called from any thread: request threads of the application's own JAX-RS
 * resources, or any thread that broadcasts.
 */
package dev.melody.stream.sse;
