/**
 * The cluster test's application, deployed unchanged to WildFly, Payara Micro and Open Liberty: one probe servlet
 * that broadcasts through the hub on request. Its code runs on the servers' request threads.
 */
package dev.melody.stream.tck.cluster.app;
