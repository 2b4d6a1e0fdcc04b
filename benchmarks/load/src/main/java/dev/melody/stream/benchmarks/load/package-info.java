/**
 * The end-to-end load client: NIO WebSocket and SSE clients on loopback, counting lost, duplicated and reordered
 * messages and measuring latency, on its own I/O loop threads, one JVM per run.
 */
package dev.melody.stream.benchmarks.load;
