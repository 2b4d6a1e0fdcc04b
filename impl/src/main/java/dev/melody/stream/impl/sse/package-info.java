/**
 * The Server-Sent Events transport: the JAX-RS resource and application, one connection and single writer per
 * sink, the wire format per JAX-RS runtime, and the hub-backed {@code SseBroadcaster} per topic.
 *
 * <p><b>Threads.</b> Requests arrive on JAX-RS request threads; writes run on the shared writers pool (or a
 * completion thread), and on Undertow, once the response is committed, on the connection's I/O thread
 * ({@code SseSendThread}); heartbeats and write timeouts on the shared timer thread.
 */
package dev.melody.stream.impl.sse;
