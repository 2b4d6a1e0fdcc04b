/**
 * The public API of Melody Stream: the topic hub ({@link dev.melody.stream.ServerSentEventHub}), its values
 * ({@link dev.melody.stream.ServerSentEvent}, {@link dev.melody.stream.StreamOptions}, the markers of
 * {@link dev.melody.stream.StreamMarkers}) and the CDI events applications fire and observe
 * ({@link dev.melody.stream.Broadcast}, {@link dev.melody.stream.InboundMessage}, {@link dev.melody.stream.StreamOpened},
 * {@link dev.melody.stream.StreamClosed}).
 *
 * <p><b>Threads.</b> No thread runs here: the types are immutable values and interfaces, each saying who may call
 * it and on which thread its callbacks come.
 */
package dev.melody.stream;
