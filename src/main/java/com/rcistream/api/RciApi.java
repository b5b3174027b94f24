package com.rcistream.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.BadRecordException;
import com.rcistream.exchange.ExchangeProperties;

/**
 * The RCI API's shape, known in this one place: the URLs of the customers collection and of one customer, the origin
 * every link must stay on (the only place the token may go), and the JSON:API documents it answers with.
 */
@ApplicationScoped
@Named("rciApi")
@RegisterForReflection
public class RciApi {

    private final String base;
    private final OriginGuard origin;
    private final JsonApiReader reader;

    public RciApi(RciConfig config, ObjectMapper mapper) {
        String configured = config.api().baseUrl();
        this.base = configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        this.origin = new OriginGuard(configured);
        this.reader = new JsonApiReader(mapper);
    }

    /** The first page of the customers collection: {@code {base}/customers}. */
    public String customersUrl() {
        return base + "/customers";
    }

    /** One customer: {@code {base}/customers/{id}}, the id encoded. */
    public String customerUrl(String id) {
        return customersUrl() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** Whether a link stays on the configured origin (scheme, host and port). */
    public boolean sameOrigin(String link) {
        return origin.sameOrigin(link);
    }

    /** The link itself when it stays on the configured origin; refused (ForeignLinkException) when it leaves it. */
    public String followable(String link) {
        return origin.check(link);
    }

    /** A list page: its records, still unchecked one by one, and its next link. */
    public CustomerPage readPage(byte[] body) {
        return reader.readPage(body);
    }

    /** A single-customer document. */
    public Customer readSingle(byte[] body) {
        return reader.readSingle(body);
    }

    /**
     * One record of a list page as a customer, or a BadRecordException saying why it is not one. A record that is not
     * a valid customer but can be read as a redacted one is erased all the same: it comes back as that redacted
     * customer, and the failure waits on the exchange ({@code rciMalformed}) to be dead-lettered once the erasure is
     * published.
     */
    public Customer toCustomer(JsonNode record, Exchange exchange) {
        try {
            return reader.toCustomer(record);
        } catch (BadRecordException bad) {
            Customer redacted = reader.redactedRemains(record);
            if (redacted == null) {
                throw bad;
            }
            exchange.setProperty(
                    ExchangeProperties.MALFORMED,
                    new BadRecordException(
                            bad.getMessage()
                                    + "; it is redacted, so it was erased all the same (tombstones and a redaction event)",
                            redacted.id(),
                            bad.record()));
            return redacted;
        }
    }

    /** Dead-letters the record whose erasure was published although it was not a valid customer resource. */
    public void reportMalformed(Exchange exchange) {
        BadRecordException malformed = exchange.getProperty(ExchangeProperties.MALFORMED, BadRecordException.class);
        if (malformed != null) {
            exchange.removeProperty(ExchangeProperties.MALFORMED);
            throw malformed;
        }
    }
}
