/**
 * What both transports share for a connection: its lifecycle and close state, its single writer, the registry of
 * open connections, and the writers pool and timer.
 *
 * <p><b>Threads.</b> Hub signals come from broadcasting threads, completions from container I/O threads, ticks from
 * the one timer thread; the drain of each writer runs on one thread at a time, never concurrently with itself.
 */
package dev.melody.stream.impl.connection;
