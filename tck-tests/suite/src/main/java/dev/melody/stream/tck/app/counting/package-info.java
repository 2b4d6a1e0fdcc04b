/**
 * The fixtures of the access-check count: a topic resolver and a topic authorizer that count every call by transport
 * and topic, and a servlet that reads the counts back; container threads (the handshake's, the probe request's).
 */
package dev.melody.stream.tck.app.counting;
