package com.rcistream.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a page's customers were routed to: kept per phase and endpoint, in order, and counted per topic. */
class PageRecordsTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    PageRecordsTest() {
        // as in the application: a started context, whose messages get Camel's case-insensitive header maps
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void recordsArePerPhaseAndEndpointInTheOrderTheyCame() {
        Exchange page = new DefaultExchange(context);
        PageRecords records = PageRecords.begin(page);
        assertSame(records, PageRecords.of(page));
        List<String> remembered = new ArrayList<>();

        records.add(PageRecords.Phase.FAN_OUT, "kafka://customers", "customers", message("a", "{a}"));
        records.add(
                PageRecords.Phase.FINGERPRINT,
                "kafka:{{fingerprints}}",
                "fingerprints",
                message("a", "1f"),
                () -> remembered.add("a"));
        records.add(PageRecords.Phase.FAN_OUT, "kafka://email", "email", message("a", null));
        records.add(PageRecords.Phase.FAN_OUT, "kafka://customers", "customers", message("b", "{b}"));
        records.add(PageRecords.Phase.REDACTION, "kafka://redactions", "redactions", message("c", "{c}"));

        Map<String, List<PageRecords.Record>> fanOut = records.records(PageRecords.Phase.FAN_OUT);
        assertEquals(
                List.of("kafka://customers", "kafka://email"),
                List.copyOf(fanOut.keySet()),
                "endpoints in the order they were first used");
        assertEquals(List.of("a", "b"), keys(fanOut.get("kafka://customers")), "each endpoint's records in order");
        assertEquals(
                List.of("c"), keys(records.records(PageRecords.Phase.REDACTION).get("kafka://redactions")));
        assertEquals(
                List.of("customers", "customers"),
                fanOut.get("kafka://customers").stream()
                        .map(PageRecords.Record::topic)
                        .toList());
        assertTrue(remembered.isEmpty(), "nothing is remembered before the page is acknowledged");
        records.records(PageRecords.Phase.FINGERPRINT)
                .values()
                .forEach(list -> list.forEach(r -> r.onAcknowledged().run()));
        assertEquals(List.of("a"), remembered, "what to do once the record is acknowledged goes with it");
        assertNull(fanOut.get("kafka://email").get(0).onAcknowledged());
    }

    @Test
    void aRecordKeepsWhatItWasWhenSentWhateverTheRouteDoesNext() {
        Exchange customer = new DefaultExchange(context);
        customer.getMessage().setHeader("ce_id", "first");
        customer.getMessage().setHeader("kafka.KEY", "a");
        customer.getMessage().setBody("{a}");

        Message record = PageRecords.record(customer.getMessage());
        customer.getMessage().setHeader("ce_id", "second");
        customer.getMessage().setBody(null);

        assertNotSame(customer.getMessage(), record);
        assertEquals("first", record.getHeader("ce_id"));
        assertEquals("first", record.getHeader("CE_ID"), "headers stay case-insensitive, as Camel's are");
        assertEquals("a", record.getHeader("kafka.KEY"));
        assertEquals("{a}", record.getBody());
        assertNotSame(
                customer, record.getExchange(), "an exchange of its own, for Kafka's answer to this record alone");
        assertSame(record, record.getExchange().getIn());
    }

    @Test
    void customersRoutedOnManyThreadsLoseNoRecord() throws Exception {
        PageRecords records = PageRecords.begin(new DefaultExchange(context));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            String key = "c" + i;
            threads.execute(
                    () -> records.add(PageRecords.Phase.FAN_OUT, "kafka://customers", "customers", message(key, "{}")));
        }
        threads.shutdown();
        assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(
                1000,
                records.records(PageRecords.Phase.FAN_OUT)
                        .get("kafka://customers")
                        .size());
    }

    private Message message(String key, String body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("kafka.KEY", key);
        exchange.getMessage().setBody(body);
        return PageRecords.record(exchange.getMessage());
    }

    private static List<String> keys(List<PageRecords.Record> records) {
        return records.stream().map(PageRecords.Record::key).toList();
    }
}
