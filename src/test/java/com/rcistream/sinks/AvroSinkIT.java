package com.rcistream.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Tag;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import com.rcistream.testing.Sweep;

/**
 * JdbcSinkIT's sweeps and checks with rci.publish.value-format=avro, landed as a team with Apicurio on the Connect side
 * would: a real Apicurio Registry 3.3.3, the worker's values through Apicurio's AvroConverter (the schema by the id in
 * each value's Confluent wire format), the same Debezium JDBC sink into PostgreSQL: a row per live key, typed columns,
 * an added attribute a new column (a second version of the subjects under a BACKWARD rule), a redacted customer and a
 * withdrawn consent deleted from the tables they left, the customer whose ltv_cents became a string one dead letter.
 */
@QuarkusTest
@Tag("sinks")
@QuarkusTestResource(value = ApicurioRegistry.class, restrictToAnnotatedClass = true)
@TestProfile(AvroSinkIT.Avro.class)
class AvroSinkIT extends JdbcSinkIT {

    /** avro values; 300 customers in pages of 100. */
    public static class Avro implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rci.publish.value-format", "avro",
                    "rci.simulator.customers", "300",
                    "rci.simulator.page-size", "100");
        }
    }

    /** Apicurio's AvroConverter as docs/sinks.md configures it: Confluent's 4-byte ids, looked up as content ids. */
    @Override
    Map<String, String> valueConverter() throws IOException {
        addConverterManifest();
        return Map.of(
                "value.converter", "io.apicurio.registry.utils.converter.AvroConverter",
                "value.converter.apicurio.registry.url", ApicurioRegistry.coreV2(),
                "value.converter.apicurio.registry.as-confluent", "true",
                "value.converter.apicurio.registry.use-id", "contentId",
                "value.converter.apicurio.registry.headers.enabled", "false");
    }

    /** The registry refuses a schema that cannot read the subject's last version's values, as Confluent's default. */
    @Override
    void beforeFirstSweep() throws Exception {
        assertEquals(
                200, send("PUT", "/config", "{\"compatibility\":\"BACKWARD\"}").statusCode());
    }

    /** loyalty_tier, added in the second sweep, was a second version of the subjects, taken under that rule. */
    @Override
    void afterBothSweeps() throws Exception {
        for (String topic : List.of(Sweep.CUSTOMERS, Sweep.EMAIL)) {
            HttpResponse<String> versions = send("GET", "/subjects/" + topic + "-value/versions", null);
            assertEquals("[1,2]", versions.body().replace(" ", ""), topic);
        }
        assertTrue(send("GET", "/config", null).body().contains("BACKWARD"));
    }

    private static HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ApicurioRegistry.ccompat() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The service manifest Apicurio's converter jar lacks, beside it in the plugin directory the sinks profile copied
     * it into: what Connect's {@code connect-plugin-path.sh sync-manifests} writes, so that the worker finds it with
     * {@code plugin.discovery=service_load}.
     */
    private static void addConverterManifest() throws IOException {
        Path plugin =
                Path.of(System.getProperty("connect.plugin.path", "target/connect-plugins"), "apicurio-avro-converter");
        if (!Files.isDirectory(plugin)) {
            throw new IOException("no Apicurio converter at " + plugin + ": run ./mvnw verify -Psinks");
        }
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plugin.resolve("rci-manifests.jar")))) {
            jar.putNextEntry(new JarEntry("META-INF/services/org.apache.kafka.connect.storage.Converter"));
            jar.write("io.apicurio.registry.utils.converter.AvroConverter\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }
}
