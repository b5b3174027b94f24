package com.rcistream.sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Tag;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * JdbcSinkIT's sweeps and checks with rci.publish.value-format=avro, landed as a team with Apicurio on the Connect side
 * would: a real Apicurio Registry 3.3.3, the worker's values through Apicurio's AvroConverter (the schema by the id in
 * each value's Confluent wire format), the same Debezium JDBC sink into PostgreSQL: a row per live key, typed columns,
 * an added attribute a new column, a redacted customer and a withdrawn consent deleted from the tables they left, the
 * customer whose ltv_cents became a string one dead letter.
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
