package com.rcistream.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.spi.InterceptSendToEndpoint;
import org.apache.camel.support.ExchangeHelper;

import com.rcistream.config.RciConfig;
import com.rcistream.exchange.PageRecords;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.exchange.SweepProgress;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Publishes a sweep's page as one set of Kafka records: the event contract's interceptor gathers each record that a
 * route of the fan-out or a rule sends into the page's {@link PageRecords} instead of sending it, and the page is sent
 * once all its customers are routed, so routing a customer never waits for Kafka. Outside a sweep's page (a refresh
 * request) records are sent at once, one by one.
 */
@ApplicationScoped
@Named("pagePublisher")
@RegisterForReflection
public class PagePublisher {

    /** Longer than any send can take: Kafka's delivery.timeout.ms (2 minutes by default) ends each one before. */
    private static final long PHASE_TIMEOUT_MINUTES = 10;

    private final CamelContext context;
    private final String redactions;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();
    private final Map<String, String> topics = new ConcurrentHashMap<>();

    public PagePublisher(CamelContext context, RciConfig config) {
        this.context = context;
        this.redactions = config.topic().redactions();
    }

    /** Gives the sweep's page being published an empty set of records. */
    public void begin(Exchange exchange) {
        PageRecords.begin(exchange);
    }

    /**
     * A record a fan-out route sends to Kafka, with its fresh ce_id (every record has its own): gathered into its
     * page's records when it belongs to one, else sent as it is.
     */
    public void collect(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader(EventHeaders.ID, EventHeaders.newId());
        PageRecords records = PageRecords.of(exchange);
        boolean gathered = records != null && gathers(ExchangeHelper.getRoute(exchange));
        if (gathered) {
            String uri = exchange.getProperty(ExchangePropertyKey.INTERCEPTED_ENDPOINT, String.class);
            String topic = topicOf(uri, message);
            records.add(redactions.equals(topic) ? PageRecords.Phase.REDACTION : PageRecords.Phase.FAN_OUT, uri,
                    topic, PageRecords.record(message));
        }
        // what Camel's intercept-with-when sets: the interceptor skips the original send only when it matched
        exchange.setProperty(ExchangePropertyKey.INTERCEPT_SEND_TO_ENDPOINT_WHEN_MATCHED, gathered);
    }

    /**
     * Whether a route's records are gathered: those of a route that opted in to the event contract (Camel applies its
     * interceptor to every Kafka send, the dead letters' and the checkpoints' too, which go at once).
     */
    private static boolean gathers(Route route) {
        if (route == null) {
            return false;
        }
        String configurations = route.getConfigurationId();
        return configurations != null && configurations.contains(RouteConfigurations.EVENT_CONTRACT);
    }

    /**
     * Sends the page's records, phase after phase, each endpoint's as one batch, and waits until Kafka acknowledged
     * every one; then what waited for that (the fingerprints remembered). A failed send is thrown: the page is not
     * published and the sweep stops. Nothing is sent once publishing failed in this sweep.
     */
    public void send(Exchange exchange) throws Exception {
        PageRecords records = PageRecords.of(exchange);
        SweepProgress progress = SweepProgress.of(exchange);
        if (records == null || progress != null && progress.publishingFailed()) {
            return;
        }
        for (PageRecords.Phase phase : PageRecords.Phase.values()) {
            sendAndWait(records.records(phase));
        }
        records.afterAcknowledged().forEach(Runnable::run);
        if (progress != null) {
            records.perTopic().forEach((topic, count) -> progress.published(topic, count));
        }
    }

    private void sendAndWait(Map<String, List<Message>> byEndpoint) throws Exception {
        if (byEndpoint.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(byEndpoint.size());
        List<Exchange> batches = new ArrayList<>();
        byEndpoint.forEach((uri, messages) -> {
            AsyncProducer producer = producer(uri);
            Exchange batch = producer.getEndpoint().createExchange();
            batch.getMessage().setBody(messages);
            batches.add(batch);
            producer.process(batch, doneSync -> done.countDown());
        });
        if (!done.await(PHASE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            throw new IllegalStateException("Kafka acknowledged a page's records in no " + PHASE_TIMEOUT_MINUTES
                    + " minutes");
        }
        for (Exchange batch : batches) {
            if (batch.getException() != null) {
                throw batch.getException();
            }
        }
    }

    /** The topic a record goes to: its override header, else its endpoint's topic. */
    private String topicOf(String uri, Message message) {
        Object override = message.getHeader(KafkaConstants.OVERRIDE_TOPIC);
        return override != null ? override.toString()
                : topics.computeIfAbsent(uri, u -> kafka(u).getConfiguration().getTopic());
    }

    /** The Kafka endpoint behind a URI, never the wrapper the event contract's interceptor adds. */
    private KafkaEndpoint kafka(String uri) {
        Endpoint endpoint = context.getEndpoint(uri);
        if (endpoint instanceof InterceptSendToEndpoint intercepted) {
            endpoint = intercepted.getOriginalEndpoint();
        }
        return (KafkaEndpoint) endpoint;
    }

    /** One producer per endpoint, started once and stopped with Camel (after the routes, so after the last page). */
    private AsyncProducer producer(String uri) {
        return producers.computeIfAbsent(uri, u -> {
            try {
                AsyncProducer producer = kafka(u).createAsyncProducer();
                context.addService(producer, true, true);
                return producer;
            } catch (Exception e) {
                throw new IllegalStateException("cannot open a Kafka producer for " + u + ": " + e.getMessage(), e);
            }
        });
    }
}
