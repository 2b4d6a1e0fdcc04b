package dev.melody.stream.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain AMQP client on the exchange, as a Go node or an operator's tool: publishes bare bodies, taps deliveries. */
final class RawAmqp implements AutoCloseable {

    /** One delivery as the tap saw it. */
    record Delivery(byte[] body, AMQP.BasicProperties properties) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Connection connection;
    private final Channel channel;
    private final String exchange;
    private final BlockingQueue<Delivery> tapped = new LinkedBlockingQueue<>();

    RawAmqp(String uri, String exchange) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5000);
        this.connection = factory.newConnection("melody-test-raw");
        this.channel = connection.createChannel();
        this.exchange = exchange;
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, false, null);
    }

    /** Binds a queue of its own to the exchange and starts collecting what it carries. */
    RawAmqp tap() throws Exception {
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                tapped.add(new Delivery(body, properties));
            }
        });
        return this;
    }

    void deleteExchange() throws Exception {
        channel.exchangeDelete(exchange);
    }

    Delivery next(Duration wait) throws InterruptedException {
        return tapped.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes as Go Melody does: the body only, content type JSON, no headers. */
    void publish(String body) throws Exception {
        publish(body.getBytes(StandardCharsets.UTF_8));
    }

    void publish(byte[] body) throws Exception {
        channel.basicPublish(exchange, "", new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(1).build(), body);
    }

    @Override
    public void close() throws Exception {
        connection.close(5000);
    }
}
