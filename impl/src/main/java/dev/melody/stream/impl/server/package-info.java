/**
 * Knowledge of particular servers, kept in one place: which server or JAX-RS runtime an object the container handed
 * over belongs to ({@link dev.melody.stream.impl.server.ServerDetection}), so that the transports can take the
 * server-specific paths the design needs (Undertow's I/O thread, Open Liberty's completions, RESTEasy's event writer)
 * without a compile-time dependency on any server.
 *
 * <p><b>Threads.</b> No thread runs here and nothing is held: pure functions, called on whatever thread the
 * transports run on (request, writer or completion threads).
 */
package dev.melody.stream.impl.server;
