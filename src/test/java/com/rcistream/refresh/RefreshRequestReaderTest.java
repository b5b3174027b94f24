package com.rcistream.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.accounts.Accounts;
import com.rcistream.api.RciApi;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.BadRecordException;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.testing.Settings;

/** A refresh request is a plain customer id; anything else is refused saying its shape, never quoting it. */
class RefreshRequestReaderTest {

    private final RefreshRequestReader reader =
            new RefreshRequestReader(new RciApi(Settings.rci(Settings.with()), new ObjectMapper()), oneAccount());

    private static Accounts oneAccount() {
        RciConfig config = Settings.rci(Settings.with("rci.api.token", "t"));
        return new Accounts(config, new ApiToken(config));
    }

    @Test
    void plainIdBecomesTheCustomersRequest() {
        Exchange exchange = request(null, " 123456 ");
        reader.toRequest(exchange);
        assertEquals("123456", exchange.getProperty(ExchangeProperties.CUSTOMER_ID));
        assertTrue(exchange.getProperty(ExchangeProperties.REQUEST_URL, String.class)
                .endsWith("/customers/123456"));
    }

    @Test
    void pastedEmailIsRefusedWithItsShapeAndNotItsValue() {
        BadRecordException refused = assertThrows(
                BadRecordException.class, () -> reader.toRequest(request(null, "eric.pasted@shop-example.net")));
        assertFalse(refused.getMessage().contains("eric"), refused.getMessage());
        assertTrue(refused.getMessage().contains("28 characters shaped like an email address"), refused.getMessage());
        assertNull(refused.record(), "no copy of the value for the dead letter's excerpt");
    }

    @Test
    void pastedNameInTheKeyIsRefusedWithoutQuotingIt() {
        BadRecordException refused =
                assertThrows(BadRecordException.class, () -> reader.toRequest(request("Eric Davis, 12 Main St", null)));
        assertFalse(
                refused.getMessage().contains("Eric") || refused.getMessage().contains("Main"), refused.getMessage());
        assertTrue(
                refused.getMessage().contains("22 character(s): letters, digits, spaces, other characters"),
                refused.getMessage());
        assertNull(refused.record());
    }

    private static Exchange request(String key, String value) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(KafkaConstants.KEY, key);
        exchange.getMessage().setBody(value);
        return exchange;
    }
}
