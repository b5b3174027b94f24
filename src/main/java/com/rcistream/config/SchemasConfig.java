package com.rcistream.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** The schema registry of rci.publish.value-format=json-schema and avro ({@code rci.schemas.*}). */
public interface SchemasConfig {
    /**
     * The Confluent-compatible API of the schema registry (Apicurio: http://host:8080/apis/ccompat/v7), required
     * with rci.publish.value-format=json-schema or avro; each value's schema is registered there on first use.
     */
    Optional<String> registryUrl();

    /** The registry's user for HTTP Basic authentication, if it wants one (RCI_SCHEMAS_REGISTRY_USERNAME). */
    Optional<String> registryUsername();

    /** Its password: from the environment (RCI_SCHEMAS_REGISTRY_PASSWORD) or a secret, never logged. */
    Optional<String> registryPassword();

    /** How long one registry call may take before the sweep fails as it does when Kafka is down. */
    @WithDefault("10s")
    Duration registryTimeout();
}
