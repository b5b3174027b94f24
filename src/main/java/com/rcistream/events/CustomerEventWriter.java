package com.rcistream.events;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.api.Customer;
import com.rcistream.config.RciConfig;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.SweepProgress;

/**
 * Turns one customer into the message the fan-out publishes: key, value, CloudEvents headers, and the routing
 * properties the YAML rules read. Nothing of the message it replaces (HTTP headers above all) is kept.
 */
@ApplicationScoped
@Named("customerEvents")
@RegisterForReflection
public class CustomerEventWriter {

    private final ObjectMapper mapper;
    private final CustomerEvents events;
    private final String source;
    private final Accounts accounts;
    /** Kafka Connect's envelope around the values (rci.publish.value-format=connect-json), else null: plain JSON. */
    private final ConnectJsonEnvelope envelope;
    /** The Confluent wire format with a registered JSON Schema or Avro schema (json-schema, avro), else null. */
    private final RegisteredValues registered;

    public CustomerEventWriter(ObjectMapper mapper, RciConfig config, Accounts accounts) {
        this.mapper = mapper;
        this.events = new CustomerEvents(mapper);
        this.source = UrlSanitizer.sanitize(config.api().baseUrl());
        this.accounts = accounts;
        String format = config.publish().valueFormat();
        this.envelope = "connect-json".equals(format) ? new ConnectJsonEnvelope(mapper) : null;
        this.registered = switch (format) {
            case "json-schema" -> new RegisteredValues(mapper, config, new JsonSchemaDerivation(mapper));
            case "avro" -> new RegisteredValues(mapper, config, new AvroSchemaDerivation(mapper));
            default -> null;
        };
    }

    /**
     * The exchange's body, a {@link Customer}, becomes its event, stamped with the sweep that read it, or with a
     * fresh {@code refresh-<uuid>} when a refresh request did.
     */
    public void toEvent(Exchange exchange) {
        SweepProgress progress = SweepProgress.of(exchange);
        write(
                exchange,
                exchange.getMessage().getBody(Customer.class),
                progress != null ? progress.sweepId() : "refresh-" + UUID.randomUUID());
    }

    /** The account's base URL (its own, or rci.api.base-url) and its id: distinct per account. */
    private String sourceOf(String account) {
        Account named = accounts.byId(account);
        String base = named == null
                ? source
                : named.baseUrl().map(UrlSanitizer::sanitize).orElse(source);
        return base + "#" + account;
    }

    void write(Exchange exchange, Customer customer, String sweepId) {
        String account = exchange.getProperty(ExchangeProperties.ACCOUNT, "", String.class);
        ObjectNode value = events.value(customer);
        if (!account.isEmpty()) {
            // sinks filter on values and topics, never on a header's value: the account is in the value too
            ObjectNode named = mapper.createObjectNode().put("account", account);
            value = named.setAll(value);
        }
        String key = account.isEmpty() ? customer.id() : account + ":" + customer.id();
        JsonNode redactedAt = value.get("redacted_at");
        boolean redacted = redactedAt != null
                && !redactedAt.isNull()
                && !redactedAt.asText().isBlank();
        // before the message is touched: a value that does not fit its schema is dead-lettered; an erasure always goes
        Object body = redacted ? value.toString() : body(value, customer.id());

        Message msg = exchange.getMessage();
        ExchangeProperties.clearHeadersButKept(msg);
        msg.setHeader(KafkaConstants.KEY, key);
        msg.setHeader(EventHeaders.SPEC_VERSION, "1.0");
        msg.setHeader(EventHeaders.ID, EventHeaders.newId());
        msg.setHeader(EventHeaders.SOURCE, account.isEmpty() ? source : sourceOf(account));
        msg.setHeader(EventHeaders.TYPE, redacted ? EventHeaders.TYPE_REDACTED : EventHeaders.TYPE_UPSERTED);
        msg.setHeader(EventHeaders.TIME, Instant.now().toString());
        msg.setHeader(EventHeaders.SUBJECT, customer.id());
        msg.setHeader(EventHeaders.CONTENT_TYPE, "application/json");
        if (sweepId != null) {
            msg.setHeader(EventHeaders.SWEEP_ID, sweepId);
        }
        if (!account.isEmpty()) {
            msg.setHeader(EventHeaders.ACCOUNT, account);
        }
        exchange.setProperty(ExchangeProperties.REDACTED, redacted);
        if (redacted) {
            ObjectNode redaction = mapper.createObjectNode();
            if (!account.isEmpty()) {
                redaction.put("account", account);
            }
            redaction.put("id", customer.id());
            redaction.set("redacted_at", redactedAt);
            exchange.setProperty(ExchangeProperties.REDACTION, redactionBody(redaction, customer.id()));
            // rules see a redacted customer too, but nothing of it beyond its id and when it was redacted
            exchange.setProperty(ExchangeProperties.CUSTOMER, new JsonObjectMap(redaction, mapper));
            exchange.setProperty(ExchangeProperties.TRUE_ATTRIBUTES, Set.of());
            exchange.removeProperty(ExchangeProperties.VALUE);
        } else {
            exchange.setProperty(ExchangeProperties.VALUE, value);
            exchange.setProperty(ExchangeProperties.CUSTOMER, new JsonObjectMap(value, mapper));
            exchange.setProperty(ExchangeProperties.TRUE_ATTRIBUTES, trueAttributes(value));
            exchange.removeProperty(ExchangeProperties.REDACTION);
        }
        msg.setBody(body);
    }

    /** The value in the chosen format: plain JSON, Connect's envelope, or the wire format's bytes. */
    private Object body(ObjectNode value, String id) {
        if (envelope != null) {
            return envelope.customer(value, id);
        }
        return registered != null ? registered.customer(value, id) : value.toString();
    }

    private Object redactionBody(ObjectNode redaction, String id) {
        if (envelope != null) {
            return envelope.redaction(redaction);
        }
        return registered != null ? registered.redaction(redaction, id) : redaction.toString();
    }

    /** The attributes that are the JSON boolean true: not "true", not 1. */
    private static Set<String> trueAttributes(ObjectNode value) {
        Set<String> names = new HashSet<>();
        value.properties().forEach(field -> {
            if (field.getValue().isBoolean() && field.getValue().booleanValue()) {
                names.add(field.getKey());
            }
        });
        return names;
    }
}
