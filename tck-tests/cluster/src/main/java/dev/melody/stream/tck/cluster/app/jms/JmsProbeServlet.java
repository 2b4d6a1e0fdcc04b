package dev.melody.stream.tck.cluster.app.jms;

import jakarta.inject.Inject;
import jakarta.enterprise.inject.Instance;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A probe of the server's Jakarta Messaging plumbing, without the library: the connection factory the JMS backplane
 * would use (the JNDI name in the system property {@value #FACTORY_KEY} if set, else an application-produced CDI bean
 * if there is one, else {@value #DEFAULT_FACTORY}), a receiver on a
 * thread of {@value #THREAD_FACTORY} subscribed to topic {@value #TOPIC} (made with {@code JMSContext.createTopic}, as
 * the backplane makes its own), and a sender on the request thread.
 * <ul>
 * <li>{@code GET /jms-probe/status}: {@code subscribed}, or {@code connecting} with the last error;</li>
 * <li>{@code POST /jms-probe/send?data=D}: publishes the text message {@code probe:D} to the topic;</li>
 * <li>{@code GET /jms-probe/received}: the data of every probe message received so far, one per line, in order.</li>
 * </ul>
 * Messages on the topic that are not the probe's are ignored.
 *
 * <p><b>Thread-safety and lifecycle.</b> One instance per deployment, created at start-up ({@code loadOnStartup}):
 * {@link #init()} starts the receiver, which connects again after a failure (every {@link #RETRY}), and
 * {@link #destroy()} stops it, bounded. The request methods are called concurrently; the shared state is guarded by
 * {@code lock}.
 */
@WebServlet(urlPatterns = "/jms-probe/*", loadOnStartup = 1)
public class JmsProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * The probe's topic: not the backplane's {@code melody.sse}, whose listener would count the probe's messages as
     * malformed envelopes.
     */
    static final String TOPIC = "melody.probe";

    /** The backplane's key for the JNDI name of its connection factory, read here as a system property. */
    static final String FACTORY_KEY = "melody.stream.jms.connectionFactory";

    /** The JNDI name of the Jakarta EE default connection factory. */
    static final String DEFAULT_FACTORY = "java:comp/DefaultJMSConnectionFactory";

    /** The JNDI name of the Jakarta EE default managed thread factory. */
    static final String THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    private static final String PREFIX = "probe:";
    private static final long RECEIVE_WAIT_MILLIS = 500;
    private static final long RETRY = TimeUnit.SECONDS.toMillis(1);
    private static final long STOP_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);
    private static final Logger LOG = Logger.getLogger(JmsProbeServlet.class.getName());

    @Inject
    private transient Instance<ConnectionFactory> applicationFactories;

    private final transient Object lock = new Object();
    private final List<String> received = new ArrayList<>(); // guarded by lock
    private String state = "connecting"; // guarded by lock
    private boolean running = true; // guarded by lock
    private transient ConnectionFactory factory;
    private transient Thread receiver;

    @Override
    public void init() throws ServletException {
        try {
            String name = System.getProperty(FACTORY_KEY);
            if (name == null && applicationFactories.isResolvable()) {
                factory = applicationFactories.get();
            } else {
                factory = (ConnectionFactory) new InitialContext().lookup(name == null ? DEFAULT_FACTORY : name);
            }
            ThreadFactory threads = (ThreadFactory) new InitialContext().lookup(THREAD_FACTORY);
            receiver = threads.newThread(this::receive);
        } catch (NamingException | RuntimeException e) {
            throw new ServletException("the JMS probe found no connection factory or managed thread factory: " + e, e);
        }
        receiver.start();
    }

    private void receive() {
        while (isRunning()) {
            try (JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
                    JMSConsumer consumer = context.createConsumer(context.createTopic(TOPIC))) {
                setState("subscribed");
                while (isRunning()) {
                    record(consumer.receive(RECEIVE_WAIT_MILLIS));
                }
            } catch (JMSRuntimeException | JMSException e) {
                setState("connecting error=" + e);
                LOG.info("JMS probe: " + e);
                awaitRetry();
            }
        }
    }

    private void record(Message message) throws JMSException {
        if (message instanceof TextMessage text && text.getText() != null && text.getText().startsWith(PREFIX)) {
            synchronized (lock) {
                received.add(text.getText().substring(PREFIX.length()));
            }
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    private void setState(String value) {
        synchronized (lock) {
            state = value;
        }
    }

    private void awaitRetry() {
        synchronized (lock) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY);
            try {
                for (long left = RETRY; running && left > 0;
                        left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                    lock.wait(left);
                }
            } catch (InterruptedException e) {
                running = false;
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer;
        synchronized (lock) {
            if ("/status".equals(request.getPathInfo())) {
                answer = state;
            } else if ("/received".equals(request.getPathInfo())) {
                answer = String.join("\n", received);
            } else {
                answer = null;
            }
        }
        if (answer == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        answer(response, HttpServletResponse.SC_OK, answer);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String data = request.getParameter("data");
        if (!"/send".equals(request.getPathInfo()) || data == null) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "error=POST /jms-probe/send?data=D");
            return;
        }
        try (JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            context.createProducer().send(context.createTopic(TOPIC), PREFIX + data);
            answer(response, HttpServletResponse.SC_OK, "sent");
        } catch (JMSRuntimeException e) {
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "error=" + e);
        }
    }

    @Override
    public void destroy() {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        if (receiver != null) {
            try {
                receiver.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
