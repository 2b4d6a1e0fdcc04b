package dev.melody.stream.benchmarks.broker;

import dev.melody.stream.amqp.testing.AmqpBroker;
import dev.melody.stream.amqp.testing.QpidBroker;
import dev.melody.stream.amqp.testing.RabbitMqNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the AMQP 0-9-1 broker of one P10 run: {@code java -jar bench-broker.jar qpid|rabbitmq --ready-file FILE
 * --work-dir DIR [--max-seconds S]}.
 *
 * <p><b>Role.</b> Starts Apache Qpid Broker-J in this JVM ({@code qpid}) or a private node of the installed
 * {@code rabbitmq-server} ({@code rabbitmq}, its files under {@code DIR}) on a free port of {@code 127.0.0.1}, with
 * the launchers the AMQP backplane's tests use, then writes {@code FILE} (whole, by a rename) with the lines
 * {@code broker=NAME}, {@code uri=amqp://guest:guest@127.0.0.1:PORT}, {@code port=PORT} and {@code cpuPid=PID}: the
 * process doing the broker's work, whose CPU time the load client reads (this JVM for Qpid, RabbitMQ's Erlang VM
 * for RabbitMQ). The broker runs until this process is ended (a shutdown hook stops it and deletes its files) or
 * {@code S} seconds (default {@value #DEFAULT_MAX_SECONDS}) passed, so a launcher whose harness died does not run on.
 * Bad arguments exit with status {@value #EXIT_USAGE} and a message; a broker that does not start exits with status
 * 1 and the launcher's reason.
 *
 * <p><b>Thread-safety.</b> A command-line tool: the main thread and the shutdown hook, which only closes the broker
 * (the launchers are thread-safe).
 *
 * <p><b>Lifecycle.</b> One broker per process, from start to exit.
 */
public final class BrokerMain {

    static final long DEFAULT_MAX_SECONDS = 4 * 3600;
    static final int EXIT_USAGE = 2;

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("qpid") || args[0].equals("rabbitmq"))) {
            usage("the first argument must be qpid or rabbitmq");
        }
        Map<String, String> options = options(args);
        Path ready = Path.of(required(options, "ready-file"));
        Path work = Path.of(required(options, "work-dir"));
        long maxSeconds = DEFAULT_MAX_SECONDS;
        try {
            maxSeconds = Long.parseLong(options.getOrDefault("max-seconds", Long.toString(DEFAULT_MAX_SECONDS)));
        } catch (NumberFormatException e) {
            usage("--max-seconds must be a number of seconds, was '" + options.get("max-seconds") + "'");
        }
        boolean qpid = args[0].equals("qpid");
        AmqpBroker broker;
        try {
            broker = qpid ? QpidBroker.start() : RabbitMqNode.start(Files.createDirectories(work));
        } catch (IOException e) {
            System.err.println("the " + args[0] + " broker did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch ended = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            ended.countDown();
        }, "broker-stop"));
        long cpuPid = qpid ? ProcessHandle.current().pid() : erlangVm();
        writeReady(ready, "broker=" + broker.describe() + "\nuri=" + broker.uri() + "\nport=" + broker.port()
                + "\ncpuPid=" + cpuPid + "\n");
        System.out.println(broker.describe() + " on 127.0.0.1:" + broker.port() + " (CPU of process " + cpuPid + ")");
        if (!ended.await(maxSeconds, TimeUnit.SECONDS)) {
            System.out.println("stopping the broker after " + maxSeconds + " s (--max-seconds)");
            broker.close();
        }
    }

    /** The Erlang VM among this process's descendants (RabbitMQ's node), or this process if there is none. */
    private static long erlangVm() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("beam")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(ProcessHandle.current().pid());
    }

    private static void writeReady(Path ready, String text) throws IOException {
        Path partial = ready.resolveSibling(ready.getFileName() + ".partial");
        Files.writeString(partial, text);
        Files.move(partial, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("options come as --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            usage("--" + key + " is required");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -jar bench-broker.jar qpid|rabbitmq --ready-file FILE --work-dir DIR"
                + " [--max-seconds S]");
        System.exit(EXIT_USAGE);
    }
}
