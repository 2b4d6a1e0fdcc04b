/**
 * Only in the Jakarta Messaging WARs: a probe of the server's messaging plumbing on its own (connection factory,
 * managed thread, a topic of its own), so that a failing cluster test tells a server's configuration apart
 * from the backplane. Its receiver runs on one thread from the server's {@code DefaultManagedThreadFactory}; its
 * requests run on the server's request threads.
 */
package dev.melody.stream.tck.cluster.app.jms;
