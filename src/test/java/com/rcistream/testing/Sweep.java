package com.rcistream.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.camel.ProducerTemplate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.rcistream.exchange.SweepProgress;

/** Runs one sweep the way the timer does and returns it with what it added to the given topics. */
public final class Sweep {

    public static final String CUSTOMERS = "rci.customers";
    public static final String EMAIL = "rci.customers.email-marketing";
    public static final String SMS = "rci.customers.sms-marketing";
    public static final String REDACTIONS = "rci.customers.redactions";
    public static final String DEAD_LETTER = "rci.customers.dlq";
    public static final String REFRESH = "rci.customers.refresh-requests";
    public static final String VIP = "rci.customers.vip";
    public static final String CHANGES = "rci.customers.changes";
    public static final List<String> ALL = List.of(CUSTOMERS, EMAIL, SMS, REDACTIONS, DEAD_LETTER, VIP, CHANGES);

    private final SweepProgress progress;
    private final Map<String, List<ConsumerRecord<String, String>>> landed;

    private Sweep(SweepProgress progress, Map<String, List<ConsumerRecord<String, String>>> landed) {
        this.progress = progress;
        this.landed = landed;
    }

    public static Sweep run(ProducerTemplate producer) {
        return run(producer, Duration.ofMinutes(3));
    }

    /** One sweep, which must end within the given time (a sweep that never ends fails the test instead of hanging it). */
    public static Sweep run(ProducerTemplate producer, Duration within) {
        Map<String, Map<Integer, Long>> before = TopicReader.endOffsets(ALL);
        CompletableFuture<SweepProgress> running = producer.asyncRequestBody("direct:sweep", null, SweepProgress.class);
        SweepProgress progress;
        try {
            progress = running.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the sweep did not end within " + within);
        } catch (Exception e) {
            throw new AssertionError("the sweep could not run", e);
        }
        return new Sweep(progress, TopicReader.readFrom(before));
    }

    public SweepProgress progress() {
        return progress;
    }

    /** What this sweep added to the topic, in order. */
    public List<ConsumerRecord<String, String>> on(String topic) {
        return landed.getOrDefault(topic, List.of());
    }

    /** What this sweep added to the topic for one key, in order. */
    public List<ConsumerRecord<String, String>> on(String topic, String key) {
        return on(topic).stream().filter(r -> key.equals(r.key())).collect(Collectors.toList());
    }

    public Map<String, List<ConsumerRecord<String, String>>> all() {
        return landed;
    }
}
