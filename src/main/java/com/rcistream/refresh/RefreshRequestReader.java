package com.rcistream.refresh;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.api.RciApi;
import com.rcistream.errors.BadRecordException;
import com.rcistream.errors.FreeText;
import com.rcistream.exchange.ExchangeProperties;

/**
 * Reads a refresh request: which customer to fetch again, refused when it is not a plain customer id (the refusal
 * says the value's shape, never the value).
 */
@ApplicationScoped
@Named("refreshRequestReader")
@RegisterForReflection
public class RefreshRequestReader {

    private static final int MAX_ID_LENGTH = 64;

    private final RciApi api;

    public RefreshRequestReader(RciApi api) {
        this.api = api;
    }

    /** The id is the record's value (plain text), else its key; the request URL is that customer's. */
    public void toRequest(Exchange exchange) {
        String value = exchange.getMessage().getBody(String.class);
        String key = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        String id = value != null && !value.isBlank() ? value.trim() : key == null ? null : key.trim();
        if (id == null
                || id.isEmpty()
                || id.length() > MAX_ID_LENGTH
                || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            // never quoted: a value that is not an id may be anything (someone's pasted column); its shape says enough
            throw new BadRecordException(
                    "refresh request is not a customer id (letters, digits, - and _ only, at most " + MAX_ID_LENGTH
                            + "): " + FreeText.shapeOf(value != null && !value.isBlank() ? value : key),
                    null,
                    null);
        }
        exchange.setProperty(ExchangeProperties.CUSTOMER_ID, id);
        exchange.setProperty(ExchangeProperties.REQUEST_URL, api.customerUrl(id));
    }
}
