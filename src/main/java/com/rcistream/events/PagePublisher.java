package com.rcistream.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.kafka.KafkaProducer;
import org.apache.camel.spi.InterceptSendToEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.ExchangeHelper;
import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.config.RciConfig;
import com.rcistream.errors.FailurePolicy;
import com.rcistream.errors.RecordRefusedException;
import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.PageRecords;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;

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

    private static final Logger LOG = Logger.getLogger(PagePublisher.class);

    private final CamelContext context;
    private final ProducerTemplate template;
    private final FailurePolicy policy;
    private final String redactions;
    private final Map<String, AsyncProducer> producers = new ConcurrentHashMap<>();
    private final Map<String, String> topics = new ConcurrentHashMap<>();

    public PagePublisher(CamelContext context, ProducerTemplate template, FailurePolicy policy, RciConfig config) {
        this.context = context;
        this.template = template;
        this.policy = policy;
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
            records.add(
                    redactions.equals(topic) ? PageRecords.Phase.REDACTION : PageRecords.Phase.FAN_OUT,
                    uri,
                    topic,
                    PageRecords.record(message));
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
     * every one; then what waited for that (the fingerprints remembered). Each phase's records are handed to Kafka
     * only once every earlier page of the sweep has handed over its own (the window's turns), never waiting for their
     * acknowledgements: a customer served on two pages keeps its records in page order. A record Kafka refuses for
     * good (too large for its topic, invalid for it) is its customer's failure alone: that customer is dead-lettered,
     * its records of the later phases (its redaction event, its fingerprint) are not sent, and the rest of the page
     * goes on. Any other failed send is thrown: the page is not published and the sweep stops. Nothing is sent once
     * publishing failed in this sweep.
     */
    public void send(Exchange exchange) throws Exception {
        PageRecords records = PageRecords.of(exchange);
        SweepProgress progress = SweepProgress.of(exchange);
        if (records == null || progress != null && progress.publishingFailed()) {
            return;
        }
        Long seq = progress == null ? null : exchange.getProperty(ExchangeProperties.PAGE_SEQ, Long.class);
        Set<String> refused = new HashSet<>();
        Map<String, Long> perTopic = new HashMap<>();
        List<PageRecords.Record> acknowledged = new ArrayList<>();
        for (PageRecords.Phase phase : PageRecords.Phase.values()) {
            if (seq != null && !progress.pageWindow().awaitTurn(seq, phase, progress::publishingFailed)) {
                return; // another page failed meanwhile: the rest waits for the next sweep
            }
            Map<String, List<PageRecords.Record>> byEndpoint = new LinkedHashMap<>();
            records.records(phase).forEach((uri, list) -> {
                List<PageRecords.Record> going =
                        list.stream().filter(r -> !refused.contains(r.key())).toList();
                if (!going.isEmpty()) {
                    byEndpoint.put(uri, going);
                }
            });
            Batches batches = handOver(byEndpoint);
            if (seq != null) {
                progress.pageWindow().handedOver(seq, phase);
            }
            awaitAcknowledgements(batches);
            for (List<PageRecords.Record> list : byEndpoint.values()) {
                for (PageRecords.Record record : list) {
                    if (record.failure() == null) {
                        perTopic.merge(record.topic(), 1L, Long::sum);
                        acknowledged.add(record);
                    } else {
                        refused.add(record.key());
                        deadLetter(progress, record);
                    }
                }
            }
        }
        acknowledged.stream()
                .filter(r -> r.onAcknowledged() != null && !refused.contains(r.key()))
                .forEach(r -> r.onAcknowledged().run());
        if (progress != null) {
            perTopic.forEach(progress::published);
        }
    }

    /** A phase's batches handed to their producers (the exchange of each, with its records), and their answers. */
    private record Batches(Map<Exchange, List<PageRecords.Record>> sent, CountDownLatch answered) {}

    /** Hands each endpoint's records to its producer as one batch. */
    private Batches handOver(Map<String, List<PageRecords.Record>> byEndpoint) {
        Map<Exchange, List<PageRecords.Record>> batches = new LinkedHashMap<>();
        CountDownLatch done = new CountDownLatch(byEndpoint.size());
        if (byEndpoint.isEmpty()) {
            return new Batches(batches, done);
        }
        awaitMetadata(byEndpoint);
        byEndpoint.forEach((uri, list) -> {
            AsyncProducer producer = producer(uri);
            Exchange batch = producer.getEndpoint().createExchange();
            batch.getMessage()
                    .setBody(list.stream().map(PageRecords.Record::message).toList());
            batches.put(batch, list);
            producer.process(batch, doneSync -> done.countDown());
        });
        return new Batches(batches, done);
    }

    /**
     * Waits until every batch is answered; throws the first failure that is not a refusal for good of one record
     * (those are left on their records).
     */
    private void awaitAcknowledgements(Batches batches) throws Exception {
        if (!batches.answered().await(PHASE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            throw new IllegalStateException(
                    "Kafka acknowledged a page's records in no " + PHASE_TIMEOUT_MINUTES + " minutes");
        }
        for (Map.Entry<Exchange, List<PageRecords.Record>> batch :
                batches.sent().entrySet()) {
            Exception failure = batch.getKey().getException();
            if (failure == null) {
                continue;
            }
            // Camel's producer leaves each record's own answer on the record's exchange, the last one on the batch's
            List<Exception> failures = batch.getValue().stream()
                    .map(PageRecords.Record::failure)
                    .filter(Objects::nonNull)
                    .toList();
            Exception transientFailure = failures.stream()
                    .filter(f -> !policy.refusedForGood(f))
                    .findFirst()
                    .orElse(failures.isEmpty() ? failure : null);
            if (transientFailure != null) {
                throw transientFailure;
            }
        }
    }

    /**
     * Waits (up to max.block.ms) until the producer knows every topic of the records, once a topic: Kafka's producer
     * waits for a topic's metadata on each send, so with the broker down a page would wait max.block.ms a record, one
     * record after the other, and its sweep would take minutes to stop. Throws Kafka's TimeoutException.
     */
    private void awaitMetadata(Map<String, List<PageRecords.Record>> byEndpoint) {
        byEndpoint.forEach((uri, list) -> {
            if (producer(uri) instanceof KafkaProducer camel) {
                list.stream()
                        .map(PageRecords.Record::topic)
                        .distinct()
                        .forEach(camel.getKafkaProducer()::partitionsFor);
            }
        });
    }

    /** One dead letter for a customer whose record Kafka refused for good: its key, the topic and why, nothing else. */
    private void deadLetter(SweepProgress progress, PageRecords.Record record) throws Exception {
        RecordRefusedException refusal = new RecordRefusedException(record.key(), record.topic(), record.failure());
        LOG.warn(refusal.getMessage());
        Exchange dead = new DefaultExchange(context);
        dead.setProperty(Exchange.EXCEPTION_CAUGHT, refusal);
        Stage.FAN_OUT.enter(dead);
        if (progress != null) {
            dead.setProperty(ExchangeProperties.PROGRESS, progress);
        }
        template.send(Endpoints.DEAD_LETTER, dead);
        if (dead.getException() != null) {
            throw dead.getException();
        }
    }

    /** The topic a record goes to: its override header, else its endpoint's topic. */
    private String topicOf(String uri, Message message) {
        Object override = message.getHeader(KafkaConstants.OVERRIDE_TOPIC);
        return override != null
                ? override.toString()
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
