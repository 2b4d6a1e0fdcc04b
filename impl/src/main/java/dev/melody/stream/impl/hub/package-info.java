/**
 * The hub ({@code DefaultServerSentEventHub}): one bounded log per topic ({@code TopicLog}), each subscriber a
 * position in it ({@code LogSubscription}), the logs kept finite by expiry and a hub-wide bound
 * ({@code RetainedLogs}), and the default epoch ids ({@code EpochEventIds}). It knows no transport.
 *
 * <p><b>Threads.</b> No thread of its own. Broadcasters append under one topic's lock and wake waiting subscribers
 * on their own thread; subscribers read the log without locking, on the thread that drains them; expiry and
 * eviction run, one pass at a time, on whichever hub caller finds one due.
 */
package dev.melody.stream.impl.hub;
