/**
 * The WebSocket transport: the programmatic endpoint and its configurator, registration at deployment, the frame
 * formats, inbound messages as CDI events, and the single writer per session with pings and acknowledgements.
 *
 * <p><b>Threads.</b> Handshakes and inbound frames run on the container threads of each session (inbound frames in
 * order, never concurrently for one session); writes on the shared writers pool or the container completion thread.
 */
package dev.melody.stream.impl.websocket;
