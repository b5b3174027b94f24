package com.rcistream.events;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.config.RciConfig;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.PageRecords;
import com.rcistream.exchange.SweepProgress;

/**
 * Turns what changed in a customer's tracked attributes (state/FingerprintStore compared them) into its record for the
 * change topic, keyed and headed like its other records, and into {@code rciChanges} for the rules; a redacted
 * customer's record is a tombstone. Sent with the customer's fingerprint (state/FingerprintStore.withPage), never
 * alone. Plain JSON in every rci.publish.value-format: the value has no schema a sink must follow.
 */
@ApplicationScoped
@Named("changeEvents")
@RegisterForReflection
public class ChangeEventWriter {

    private final ObjectMapper mapper;
    private final boolean enabled;

    public ChangeEventWriter(ObjectMapper mapper, RciConfig config) {
        this.mapper = mapper;
        this.enabled = config.changes().enabled();
    }

    /** Sets {@code rciChanges} (empty when nothing tracked changed) and, for a sweep's customer, its change record. */
    public void prepare(Exchange exchange) {
        ObjectNode set = exchange.getProperty(ExchangeProperties.CHANGE_SET, ObjectNode.class);
        boolean redacted = exchange.getProperty(ExchangeProperties.REDACTED, false, Boolean.class);
        exchange.setProperty(
                ExchangeProperties.CHANGES,
                set == null ? Map.of() : mapper.convertValue(set.get("changes"), Map.class));
        if (!enabled || PageRecords.of(exchange) == null || set == null && !redacted) {
            return;
        }
        Message message = exchange.getMessage();
        Message record = PageRecords.record(message);
        record.setHeader(EventHeaders.ID, EventHeaders.newId());
        if (redacted) {
            record.setBody(null); // its earlier change events go at the next compaction
        } else {
            record.setHeader(EventHeaders.TYPE, EventHeaders.TYPE_CHANGED);
            record.setHeader(EventHeaders.CONTENT_TYPE, "application/json");
            record.setBody(value(exchange, message, set).toString());
        }
        exchange.setProperty(ExchangeProperties.CHANGE_RECORD, record);
    }

    /** {@code {account?, id, sweep, changes, new?}}: the account first, as in the customer's value. */
    private ObjectNode value(Exchange exchange, Message message, ObjectNode set) {
        ObjectNode value = mapper.createObjectNode();
        String account = exchange.getProperty(ExchangeProperties.ACCOUNT, "", String.class);
        if (!account.isEmpty()) {
            value.put("account", account);
        }
        String key = message.getHeader(KafkaConstants.KEY, String.class);
        value.put("id", account.isEmpty() ? key : key.substring(account.length() + 1));
        SweepProgress progress = SweepProgress.of(exchange);
        value.put("sweep", progress == null ? null : progress.sweepId());
        return value.setAll(set);
    }
}
