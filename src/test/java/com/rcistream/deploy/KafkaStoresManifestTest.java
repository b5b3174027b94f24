package com.rcistream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Kafka trust and key stores on Kubernetes: an optional Secret mounted read-only, the Kafka client's TLS settings
 * (locations, types, passwords) from the same Secret, and the command docs/kubernetes.md gives to create it pointing
 * each location at a file of the mount.
 */
class KafkaStoresManifestTest {

    static final String SECRET = "rci-stream-kafka-tls";

    /** The Kafka client settings a TLS client needs, as Kafka names them. */
    static final Set<String> TLS_SETTINGS = Set.of(
            "ssl.truststore.location",
            "ssl.truststore.type",
            "ssl.truststore.password",
            "ssl.keystore.location",
            "ssl.keystore.type",
            "ssl.keystore.password",
            "ssl.key.password");

    @Test
    void theStoresAreAnOptionalSecretMountedReadOnlyAndEveryTlsSettingComesFromIt() {
        Manifests manifests = Manifests.rendered();
        JsonNode mount = storesMount(manifests);
        JsonNode volume = manifests.volume(mount.path("name").asText());

        assertEquals(SECRET, volume.path("secret").path("secretName").asText());
        assertTrue(volume.path("secret").path("optional").asBoolean(false), "no stores, the pod still starts");
        assertTrue(mount.path("readOnly").asBoolean(false), "mounted read-only");
        assertTrue(mount.path("subPath").isMissingNode(), "a directory, so that a renewed certificate reaches the pod");

        Set<String> fromSecret = new TreeSet<>();
        manifests.env().forEach((name, entry) -> {
            JsonNode ref = entry.path("valueFrom").path("secretKeyRef");
            if (SECRET.equals(ref.path("name").asText())) {
                assertTrue(ref.path("optional").asBoolean(false), name + " is optional");
                assertEquals(
                        "KAFKA_"
                                + ref.path("key")
                                        .asText()
                                        .toUpperCase(Locale.ROOT)
                                        .replace('.', '_'),
                        name,
                        "the Quarkus name of the Kafka setting the Secret's key names");
                fromSecret.add(ref.path("key").asText());
            }
        });
        assertEquals(new TreeSet<>(TLS_SETTINGS), fromSecret, "every TLS setting of the Kafka client");
        TLS_SETTINGS.forEach(key -> assertFalse(
                manifests.env().get(envName(key)).has("value"), envName(key) + " is not written in the Deployment"));
    }

    @Test
    void theDocumentedSecretPutsEachStoreInTheMountAndSetsOnlyWhatTheDeploymentReads() throws IOException {
        Manifests manifests = Manifests.rendered();
        Path mountPath = Path.of(storesMount(manifests).path("mountPath").asText());
        Map<String, String> documented = Manifests.documentedSecret(Path.of("docs/kubernetes.md"), SECRET);

        for (String store : List.of("truststore", "keystore")) {
            String location = documented.get("ssl." + store + ".location");
            assertTrue(location != null, "the documented Secret sets ssl." + store + ".location");
            Path file = Path.of(location);
            assertEquals(mountPath, file.getParent(), store + " read from the mount");
            String key = file.getFileName().toString();
            assertTrue(
                    documented.getOrDefault(key, "").startsWith("file:"),
                    "the documented Secret holds the file " + key + " its location names");
        }
        documented.keySet().stream()
                .filter(key -> !documented.get(key).startsWith("file:"))
                .forEach(key -> assertTrue(TLS_SETTINGS.contains(key), key + " is read by the Deployment"));
    }

    private static JsonNode storesMount(Manifests manifests) {
        for (JsonNode mount : manifests.container().path("volumeMounts")) {
            if (SECRET.equals(manifests
                    .volume(mount.path("name").asText())
                    .path("secret")
                    .path("secretName")
                    .asText())) {
                return mount;
            }
        }
        throw new AssertionError("the Secret " + SECRET + " is not mounted");
    }

    private static String envName(String key) {
        return "KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
