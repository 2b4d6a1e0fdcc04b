/**
 * The device dashboard example: JAX-RS resources that fire broadcasts, an inbound-message observer and the
 * options producer, on container request threads and the WebSocket read thread of each connection.
 */
package dev.melody.example.dashboard;
