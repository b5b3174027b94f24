package com.rcistream.exchange;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.util.CaseInsensitiveMap;

/**
 * The Kafka records of one page of a sweep, gathered while its customers are routed (the fan-out's copies of a
 * customer's exchange, on the split's threads, all add here) and sent together once every customer of the page has
 * been: per Kafka endpoint, one list that Camel's Kafka producer sends as a batch and answers once all of it is
 * acknowledged. Written by hand because Camel can send a list as one batch but cannot gather the records that many
 * routes each send one at a time; one round trip a page instead of one a record is what lets a sweep keep up with
 * the API when Kafka is far away and costs a customer a fraction of the CPU.
 */
public final class PageRecords {

    /** The order records are sent in: each phase only once every record of the one before is acknowledged. */
    public enum Phase {
        /** What the fan-out publishes: customers, marketing topics, tombstones. */
        FAN_OUT,
        /** Redaction events, once the tombstones they follow are in. */
        REDACTION,
        /** Change events (and a redacted customer's tombstone on their topic), before the state that says so. */
        CHANGE,
        /** FingerprintStore, once everything their customer was published to is in. */
        FINGERPRINT
    }

    /**
     * One record, the topic it goes to, and what to do once it is acknowledged (null for nothing). Its message has an
     * exchange of its own, on which Camel's Kafka producer sets what Kafka answered for this record alone.
     */
    public record Record(String topic, Message message, Runnable onAcknowledged) {

        /** The record's key (the customer's id). */
        public String key() {
            return message.getHeader(KafkaConstants.KEY, String.class);
        }

        /** What Kafka refused this record with, or null once it is acknowledged. */
        public Exception failure() {
            return message.getExchange().getException();
        }
    }

    private final Map<Phase, Map<String, List<Record>>> records = new EnumMap<>(Phase.class);

    /**
     * What is sent of a message: its body and a copy of its headers (a later step of the same route may change them:
     * a fresh ce_id for the next record), on an exchange of its own. Lighter than Message.copy, which also makes the
     * message an id.
     */
    public static Message record(Message message) {
        DefaultExchange own = new DefaultExchange(message.getExchange().getContext());
        DefaultMessage record = new DefaultMessage(own);
        record.setHeaders(new CaseInsensitiveMap(message.getHeaders()));
        record.setBody(message.getBody());
        own.setIn(record);
        return record;
    }

    /** A fresh, empty set of records for the page the exchange publishes. */
    public static PageRecords begin(Exchange exchange) {
        PageRecords records = new PageRecords();
        exchange.setProperty(ExchangeProperties.PAGE_RECORDS, records);
        return records;
    }

    /** The records of the page the exchange's customer belongs to, or null outside a sweep's page. */
    public static PageRecords of(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.PAGE_RECORDS, PageRecords.class);
    }

    /** One record for a Kafka endpoint (by its URI) and its topic, sent in the given phase. */
    public void add(Phase phase, String endpointUri, String topic, Message record) {
        add(phase, endpointUri, topic, record, null);
    }

    /** One record, and what to do once it and every record of the page before it are acknowledged. */
    public synchronized void add(
            Phase phase, String endpointUri, String topic, Message record, Runnable onAcknowledged) {
        records.computeIfAbsent(phase, p -> new LinkedHashMap<>())
                .computeIfAbsent(endpointUri, uri -> new ArrayList<>())
                .add(new Record(topic, record, onAcknowledged));
    }

    /** A phase's records, per endpoint URI in the order they were first used. */
    public synchronized Map<String, List<Record>> records(Phase phase) {
        return records.getOrDefault(phase, Map.of());
    }
}
