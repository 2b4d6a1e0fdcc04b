/**
 * For tests only: {@link dev.melody.stream.redis.testing.RedisProcess} runs a real Redis server on a free loopback
 * port (and stops, kills or restarts it for fault tests); {@link dev.melody.stream.redis.testing.RespClient} speaks
 * raw RESP to it, so that a test can publish and read the exact bytes another node would.
 *
 * <p>Threads: none of its own. Each {@code RedisProcess} owns one child process; every wait for it is bounded.
 */
package dev.melody.stream.redis.testing;
