/**
 * The fixtures of the container-security cases: an authorizer by principal and role, a resolver that gives each
 * user a private topic, and a protected servlet that reports who the container authenticated; container threads.
 * The WARs that carry them also carry the descriptors under {@code security/} of the suite jar.
 */
package dev.melody.stream.tck.app.security;
