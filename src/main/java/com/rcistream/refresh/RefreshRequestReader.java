package com.rcistream.refresh;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
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
    private final Accounts accounts;

    public RefreshRequestReader(RciApi api, Accounts accounts) {
        this.api = api;
        this.accounts = accounts;
    }

    /** The id is the record's value (plain text), else its key; the request URL is that customer's. */
    public void toRequest(Exchange exchange) {
        String value = exchange.getMessage().getBody(String.class);
        String key = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        String id = value != null && !value.isBlank() ? value.trim() : key == null ? null : key.trim();
        if (id == null
                || id.isEmpty()
                || id.length() > (accounts.named() ? 2 * MAX_ID_LENGTH : MAX_ID_LENGTH)
                || !id.chars()
                        .allMatch(c ->
                                Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ':' && accounts.named())) {
            // never quoted: a value that is not an id may be anything (someone's pasted column); its shape says enough
            throw new BadRecordException(
                    "refresh request is not a customer id (letters, digits, - and _ only, at most " + MAX_ID_LENGTH
                            + "): " + FreeText.shapeOf(value != null && !value.isBlank() ? value : key),
                    null,
                    null);
        }
        if (accounts.named()) {
            // with rci.accounts.token-dir a request names its account as the records' keys do: <account>:<id>
            int colon = id.indexOf(':');
            Account account = colon < 0 ? null : accounts.byId(id.substring(0, colon));
            if (account == null || account.removed()) {
                throw new BadRecordException(
                        "refresh request does not name an account of rci.accounts.token-dir as <account>:<customer id>: "
                                + FreeText.shapeOf(id),
                        null,
                        null);
            }
            if (!account.enabled()) {
                throw new BadRecordException(
                        "refresh request for account " + account.id() + ", which rci.accounts." + account.id()
                                + ".enabled=false keeps from the API",
                        null,
                        null);
            }
            exchange.setProperty(ExchangeProperties.ACCOUNT, account.id());
            id = id.substring(colon + 1);
        }
        exchange.setProperty(ExchangeProperties.CUSTOMER_ID, id);
        exchange.setProperty(ExchangeProperties.REQUEST_URL, api.customerUrl(accounts.of(exchange), id));
    }
}
