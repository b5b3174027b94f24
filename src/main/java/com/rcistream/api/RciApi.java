package com.rcistream.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.accounts.Account;
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
    /** The origin guard of each base URL in use: rci.api.base-url's, and the accounts' own. */
    private final Map<String, OriginGuard> origins = new ConcurrentHashMap<>();

    private final JsonApiReader reader;

    public RciApi(RciConfig config, ObjectMapper mapper) {
        this.base = config.api().baseUrl();
        this.reader = new JsonApiReader(mapper);
    }

    /** The account's base URL, up to and including {@code /api/v1}, without a trailing slash. */
    private String base(Account account) {
        String configured = account == null ? base : account.baseUrl().orElse(base);
        return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }

    private OriginGuard origin(Account account) {
        return origins.computeIfAbsent(base(account), OriginGuard::new);
    }

    /** The first page of the account's customers collection: {@code {base}/customers}. */
    public String customersUrl(Account account) {
        return base(account) + "/customers";
    }

    /** One customer of the account: {@code {base}/customers/{id}}, the id encoded. */
    public String customerUrl(Account account, String id) {
        return customersUrl(account) + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** Whether a link stays on the account's origin (scheme, host and port). */
    public boolean sameOrigin(Account account, String link) {
        return origin(account).sameOrigin(link);
    }

    /** The link itself when it stays on the account's origin; refused (ForeignLinkException) when it leaves it. */
    public String followable(Account account, String link) {
        return origin(account).check(link);
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
