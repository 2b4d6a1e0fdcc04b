package dev.melody.stream.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * Opens the backplane's connections to Redis, each a plain blocking {@link Jedis} connection with the configured
 * credentials, database, TLS and timeouts, named {@code melody-<role>-<application>} in {@code CLIENT LIST}.
 *
 * <p><b>Thread-safety.</b> Immutable; {@link #open} may be called from any thread. Each connection it returns is
 * used by one thread at a time.
 *
 * <p><b>Lifecycle.</b> One per backplane; the caller closes what it opens.
 */
final class RedisConnector {

    private final RedisSettings settings;
    private final String application;

    RedisConnector(RedisSettings settings, String application) {
        this.settings = settings;
        this.application = application.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Opens and checks a connection ({@code PING}).
     *
     * @param role the connection's role, for its client name
     * @return the connection
     * @throws redis.clients.jedis.exceptions.JedisException when Redis cannot be reached or refuses the credentials
     */
    Jedis open(String role) {
        int millis = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).database(settings.database())
                .clientName("melody-" + role + "-" + application).ssl(settings.tls())
                // plain RESP2, what every Redis since 2.0 speaks; without this Jedis warns on every connection
                // that it does not negotiate RESP3
                .autoNegotiateProtocol(false);
        if (settings.user() != null) {
            config.user(settings.user());
        }
        if (settings.password() != null) {
            config.password(settings.password());
        }
        JedisClientConfig built = config.build();
        Jedis jedis = new Jedis(new HostAndPort(settings.host(), settings.port()), built);
        try {
            jedis.ping();
            return jedis;
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }
}
