/**
 * The hostile-input catalogue: raw-socket HTTP and WebSocket clients that can say what well-behaved clients never
 * say (unmasked or reserved frames, broken UTF-8, malformed requests, slow or half-finished handshakes), the
 * catalogue of cases with each server's expected answer, and the server the suite runs on. Used on JUnit's thread
 * only; every read is bounded.
 */
package dev.melody.stream.tck.hostile;
