package com.rcistream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.config.AccountsConfig;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.FailurePolicy;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.testing.Proxies;

/** The steps of one API call that need no server: what a request carries. */
class ApiClientTest {

    @Test
    void tokenRotatedWhileARequestIsPreparedIsReadOnceSoA401BlocksTheTokenThatWasSent() {
        // the secret is rotated right after the first read: every later read sees the new token
        ApiToken rotating = new ApiToken(config()) {
            private int reads;

            @Override
            protected String tokenNow() {
                return reads++ == 0 ? "old-token" : "new-token";
            }
        };
        Accounts accounts = new Accounts(config(), rotating);
        Account auth = accounts.byId("");
        ApiClient calls = new ApiClient(accounts, new FailurePolicy(config()));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ExchangeProperties.REQUEST_URL, "https://api.example.com/api/v1/customers");

        calls.prepare(exchange);
        // the API refuses what was sent: the old token
        auth.refused(
                "https://api.example.com/api/v1/customers",
                exchange.getProperty(ExchangeProperties.TOKEN_SENT, String.class));

        assertEquals("Bearer old-token", exchange.getMessage().getHeader("Authorization"));
        assertFalse(auth.blocked(), "the new token is not the one the API refused");
        assertTrue(auth.holdReason() == null);
    }

    private static RciConfig config() {
        Object api = Proxies.answering(
                RciConfig.Api.class,
                Map.of(
                        "tokenFile",
                        Optional.empty(),
                        "token",
                        Optional.of("unused"),
                        "maxRetries",
                        4,
                        "maxRateLimitedRetries",
                        3,
                        "retryBackoff",
                        Duration.ofSeconds(1),
                        "retryBackoffMax",
                        Duration.ofSeconds(60),
                        "retryAfterMax",
                        Duration.ofSeconds(120)));
        Object topics = Proxies.answering(
                RciConfig.Topic.class,
                Map.of(
                        "customers",
                        "c",
                        "emailMarketing",
                        "e",
                        "smsMarketing",
                        "s",
                        "redactions",
                        "r",
                        "deadLetter",
                        "d",
                        "state",
                        "st",
                        "fingerprints",
                        "f"));
        Object accounts = Proxies.answering(
                AccountsConfig.class,
                Map.of("tokenDir", Optional.empty(), "rescanInterval", Duration.ofSeconds(10), "own", Map.of()));
        return Proxies.answering(RciConfig.class, Map.of("api", api, "topic", topics, "accounts", accounts));
    }
}
