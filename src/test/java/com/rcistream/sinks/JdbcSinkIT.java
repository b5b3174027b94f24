package com.rcistream.sinks;

import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.simulator.Simulator;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;

/**
 * The topics landed in PostgreSQL as a marketing team's data engineer would: a real Kafka Connect worker, Debezium's
 * JDBC sink (the configuration docs/sinks.md shows), a real PostgreSQL 15, and the bundle sweeping the simulator with
 * rci.publish.value-format=connect-json. One connector, upserts and deletes in the topics' order: a row per live key,
 * typed columns, a new attribute a new column, a redacted customer and a withdrawn consent deleted from the tables
 * they left.
 */
@QuarkusTest
@Tag("sinks")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(JdbcSinkIT.ConnectJson.class)
class JdbcSinkIT extends SimulatedApiTestBase {

    static final String CUSTOMERS = "rci_customers", EMAIL = "rci_customers_email-marketing";
    private static final String CONNECTOR = "rci-postgres";

    /** connect-json values; 300 customers in pages of 100. */
    public static class ConnectJson implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rci.publish.value-format", "connect-json",
                    "rci.simulator.customers", "300",
                    "rci.simulator.page-size", "100");
        }
    }

    private static PostgresServer postgres;
    private static ConnectWorker connect;
    private static LandedTables tables;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
        tables = new LandedTables(postgres, () -> connect, CONNECTOR);
    }

    @AfterAll
    static void stopConnectAndPostgres() throws Exception {
        try {
            if (connect != null) {
                connect.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** Debezium's JDBC sink as docs/sinks.md configures it. */
    static Map<String, String> sink(String jdbcUrl) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", Sweep.CUSTOMERS + "," + Sweep.EMAIL);
        config.put("connection.url", jdbcUrl);
        config.put("connection.username", PostgresServer.USER);
        config.put("connection.password", "");
        config.put("insert.mode", "upsert");
        config.put("delete.enabled", "true");
        config.put("primary.key.mode", "record_key");
        config.put("primary.key.fields", "id");
        config.put("schema.evolution", "basic");
        // the tables are named after the topics, dots as underscores: rci_customers_email-marketing needs quotes
        config.put("quote.identifiers", "true");
        config.put("transforms", "key");
        config.put("transforms.key.type", "org.apache.kafka.connect.transforms.HoistField$Key");
        config.put("transforms.key.field", "id");
        return config;
    }

    /** The worker's value converter for the format of the profile: Connect's JsonConverter with schemas. */
    Map<String, String> valueConverter() throws IOException {
        return ConnectWorker.JSON_WITH_SCHEMAS;
    }

    @Test
    void oneRowPerLiveKeyWithTypedColumnsThenARedactedCustomerAndAWithdrawnConsentAreDeleted() throws Exception {
        List<String> live =
                simulator.ids().stream().filter(id -> !simulator.isRedacted(id)).toList();
        String loyal = live.get(0), changed = live.get(1);
        simulator.reshape(changed, r -> attributes(r).put("ltv_cents", "19.99 EUR"));
        beforeFirstSweep();

        Sweep first = Sweep.run(producer);

        assertFalse(first.progress().failed(), first.progress().summary());
        List<ConsumerRecord<String, String>> dead = first.on(DEAD_LETTER);
        assertEquals(1, dead.size(), "one dead letter: the customer whose ltv_cents became a string");
        assertEquals(changed, dead.get(0).key());
        JsonNode letter = mapper.readTree(dead.get(0).value());
        assertEquals("map-customer", letter.get("stage").asText());
        assertTrue(
                letter.get("reason")
                        .asText()
                        .startsWith("attribute 'ltv_cents' is a string where its schema has int64"),
                letter.get("reason").asText());
        assertFalse(dead.get(0).value().contains("19.99"), "the value is never quoted");

        tables.create(CUSTOMERS, EMAIL);
        connect = ConnectWorker.start(KafkaAndHttpPorts.bootstrapServers(), valueConverter());
        connect.put(CONNECTOR, sink(postgres.jdbcUrl()));
        Set<String> published = new HashSet<>(live);
        published.remove(changed);
        Set<String> consenting = consenting(simulator, published);
        tables.awaitRows(CUSTOMERS, published);
        tables.awaitRows(EMAIL, consenting);

        Map<String, String> types = tables.columnTypes(CUSTOMERS);
        assertEquals("text", types.get("id"), "ids stay strings");
        assertEquals("boolean", types.get("email_marketing_consent"));
        assertEquals("bigint", types.get("ltv_cents"));
        assertEquals("bigint", types.get("rfm"));
        assertEquals("_text", types.get("segments"), "segments as text[]");
        assertFalse(types.containsKey("loyalty_tier"), "no such attribute yet");
        String sample = live.get(2);
        ObjectNode attributes = simulator.attributes(sample);
        try (Connection db = postgres.connect();
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT ltv_cents, email_marketing_consent, segments FROM \""
                        + CUSTOMERS + "\" WHERE id = '" + sample + "'")) {
            assertTrue(row.next(), sample);
            assertEquals(attributes.get("ltv_cents").asLong(), row.getLong(1));
            assertEquals(attributes.get("email_marketing_consent").asBoolean(), row.getBoolean(2));
            List<String> segments = new java.util.ArrayList<>();
            attributes.get("segments").forEach(s -> segments.add(s.asText()));
            assertEquals(segments, Arrays.asList((Object[]) row.getArray(3).getArray()));
        }

        List<String> others =
                consenting.stream().filter(id -> !id.equals(loyal)).sorted().toList();
        String victim = others.get(0), withdrawn = others.get(1);
        // the API adds an attribute: the sink adds its column to the table it created in the first sweep
        simulator.reshape(loyal, r -> attributes(r).put("loyalty_tier", "gold"));
        simulator.redact(victim);
        simulator.setConsent(
                withdrawn,
                false,
                simulator.attributes(withdrawn).get("sms_marketing_consent").asBoolean());

        Sweep second = Sweep.run(producer);

        assertFalse(second.progress().failed(), second.progress().summary());
        published.remove(victim);
        consenting.remove(victim);
        consenting.remove(withdrawn);
        tables.awaitRows(CUSTOMERS, published);
        tables.awaitRows(EMAIL, consenting);
        assertEquals(
                "false",
                tables.value(CUSTOMERS, withdrawn, "email_marketing_consent"),
                "still a customer, consent false");
        assertEquals("text", tables.columnTypes(CUSTOMERS).get("loyalty_tier"), "an attribute the schema did not know");
        assertEquals("gold", tables.value(CUSTOMERS, loyal, "loyalty_tier"));
        assertEquals(null, tables.value(CUSTOMERS, withdrawn, "loyalty_tier"), "null in the rows without it");
        afterBothSweeps();
    }

    /** What a format sets up beyond the tables (none for connect-json). */
    void beforeFirstSweep() throws Exception {}

    /** What a format checks beyond the tables once both sweeps landed (none for connect-json). */
    void afterBothSweeps() throws Exception {}

    static ObjectNode attributes(ObjectNode resource) {
        return (ObjectNode) resource.get("attributes");
    }

    static Set<String> consenting(Simulator simulator, Set<String> ids) {
        Set<String> consenting = new HashSet<>();
        ids.stream()
                .filter(id ->
                        simulator.attributes(id).get("email_marketing_consent").asBoolean())
                .forEach(consenting::add);
        assertTrue(consenting.size() >= 3, "the data set has customers who consent to email");
        return consenting;
    }
}
