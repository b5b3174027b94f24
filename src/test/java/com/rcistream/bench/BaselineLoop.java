package com.rcistream.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hand-written baseline of BaselineBenchmark, in a JVM of its own as the bundle is: the JDK HttpClient, Jackson and
 * one KafkaProducer kept across its walks, with the bundle's producer settings (acks=all, idempotent, lz4, linger.ms
 * and batch.size as application.properties sets them), the next page fetched while the current one is published, the
 * bundle's records (topics, keys, values, CloudEvents headers, fingerprints). Prints one line per walk and its CPU.
 * Arguments: bootstrap servers, the API's base URL, customers a walk, walks, linger.ms, batch.size.
 */
public final class BaselineLoop {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String kafka = args[0];
        String base = args[1];
        int customers = Integer.parseInt(args[2]);
        int walks = Integer.parseInt(args[3]);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, args[4]);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, args[5]);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < walks; i++) {
                System.out.printf("walk %d: %.0f customers a second%n", i + 1, walk(producer, base, customers));
            }
        }
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        System.out.printf("cpu: %.1f s%n", cpuNanos / 1e9);
    }

    /** One walk over the first {@code customers} of the account: customers a second. */
    private static double walk(KafkaProducer<String, String> producer, String base, int customers) throws Exception {
        long started = System.nanoTime();
        String sweep = UUID.randomUUID().toString();
        int done = 0;
        CompletableFuture<String> fetching = get(base + "/customers");
        while (fetching != null && done < customers) {
            JsonNode page = MAPPER.readTree(fetching.join());
            String next = page.path("links").path("next").asText(null);
            // the next page is on its way while this one is published, as the bundle's pages in flight
            fetching = next == null ? null : get(next);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (JsonNode resource : page.get("data")) {
                publish(producer, sent, resource, sweep, base);
                done++;
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        if (fetching != null) {
            fetching.join();
        }
        return done / ((System.nanoTime() - started) / 1e9);
    }

    private static void publish(
            KafkaProducer<String, String> producer,
            List<Future<RecordMetadata>> sent,
            JsonNode resource,
            String sweep,
            String base)
            throws Exception {
        String id = resource.get("id").asText();
        ObjectNode value = MAPPER.createObjectNode().put("id", id);
        value.setAll((ObjectNode) resource.get("attributes"));
        String json = value.toString();
        boolean redacted = value.hasNonNull("redacted_at");
        String time = Instant.now().toString();
        String type = redacted
                ? "com.littlestreamsoftware.rci.customer.redacted"
                : "com.littlestreamsoftware.rci.customer.upserted";
        boolean email = !redacted && value.path("email_marketing_consent").booleanValue();
        boolean sms = !redacted && value.path("sms_marketing_consent").booleanValue();
        sent.add(producer.send(record("rci.customers", id, redacted ? null : json, type, time, sweep, base)));
        sent.add(producer.send(
                record("rci.customers.email-marketing", id, email ? json : null, type, time, sweep, base)));
        sent.add(producer.send(record("rci.customers.sms-marketing", id, sms ? json : null, type, time, sweep, base)));
        if (redacted) {
            sent.add(producer.send(
                    record("rci.customers.redactions", id, "{\"id\":\"" + id + "\"}", type, time, sweep, base)));
        }
        sent.add(producer.send(new ProducerRecord<>("rci.customers.fingerprints", id, fingerprint(json))));
    }

    /** A record as the bundle writes it: its key, value and CloudEvents headers. */
    private static ProducerRecord<String, String> record(
            String topic, String id, String value, String type, String time, String sweep, String source) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, id, value);
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_source", bytes(source))
                .add("ce_type", bytes(type))
                .add("ce_time", bytes(time))
                .add("ce_subject", bytes(id))
                .add("content-type", bytes("application/json"))
                .add("rci_sweep_id", bytes(sweep));
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String fingerprint(String json) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(ByteBuffer.wrap(digest).getLong());
    }

    private static CompletableFuture<String> get(String url) {
        return HTTP.sendAsync(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer sim-token")
                                .header("Accept", "application/vnd.api+json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(answer -> {
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("the API answered " + answer.statusCode() + " for " + url);
                    }
                    return answer.body();
                });
    }
}
