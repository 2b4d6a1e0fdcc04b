package dev.melody.stream.redis;

import dev.melody.stream.spi.Backplane;
import dev.melody.stream.spi.BackplaneContext;
import dev.melody.stream.spi.BackplaneProvider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes the {@link RedisBackplane} when {@code melody.stream.redis.uri} is set; listed in
 * {@code META-INF/services/dev.melody.stream.spi.BackplaneProvider}, so that the jar in {@code WEB-INF/lib} and the
 * key are all an application needs.
 *
 * <table>
 * <caption>Keys (read through the library: {@code StreamOptions} settings, MicroProfile Config, system properties)</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code melody.stream.redis.uri}</td><td>none: off</td><td>{@code redis://[user:password@]host[:port][/db]},
 * or {@code rediss://} for TLS</td></tr>
 * <tr><td>{@code melody.stream.redis.channel}</td><td>{@code melody:sse}</td><td>pub/sub channel and key prefix;
 * empty means the default</td></tr>
 * <tr><td>{@code melody.stream.redis.timeout}</td><td>{@code 2s}</td><td>connect and command timeout, bound of a
 * history read</td></tr>
 * <tr><td>{@code melody.stream.redis.queue}</td><td>65536</td><td>broadcasts waiting for Redis</td></tr>
 * <tr><td>{@code melody.stream.redis.maxMessageBytes}</td><td>1048576</td><td>largest envelope read</td></tr>
 * <tr><td>{@code melody.stream.redis.holeWait}</td><td>{@code 50ms}</td><td>how long a sequence hole may stay open
 * before it is filled from Redis</td></tr>
 * </table>
 *
 * <p><b>Thread-safety.</b> Stateless but for the once-only log flag; {@link #create} may be called from any thread.
 *
 * <p><b>Lifecycle.</b> Instantiated by the service loader for each application start.
 */
public final class RedisBackplaneProvider implements BackplaneProvider {

    private static final Logger LOG = System.getLogger(RedisBackplaneProvider.class.getName());
    private static final AtomicBoolean OFF_LOGGED = new AtomicBoolean();

    /** Made by the service loader. */
    public RedisBackplaneProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when a {@code melody.stream.redis.*} key holds an unacceptable value; the
     *         message names the key and the value, with the URI's password masked
     */
    @Override
    public Optional<Backplane> create(BackplaneContext context) {
        Optional<RedisSettings> settings = RedisSettings.from(context);
        if (settings.isEmpty()) {
            if (OFF_LOGGED.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "Redis backplane off: " + RedisSettings.URI + " is not set");
            }
            return Optional.empty();
        }
        LOG.log(Level.INFO, "Redis backplane on for " + context.applicationName() + ": " + settings.get().describe());
        return Optional.of(new RedisBackplane(settings.get(), context.options(), context.threadFactory(),
                context.applicationName()));
    }
}
