package com.rcistream.testing;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

import com.rcistream.config.Sha256;
import com.rcistream.exchange.ExchangeProperties;

/**
 * A test rule's step that keys the rule's own records by the customer's hashed email, as ad platforms match customers,
 * in a bean the start's check of the rules cannot see into (rule-hashed-email.yaml).
 */
public class HashedEmailKey {

    public void rekey(Exchange exchange) {
        Map<?, ?> customer = exchange.getProperty(ExchangeProperties.CUSTOMER, Map.class);
        String email = String.valueOf(customer.get("email")).toLowerCase(Locale.ROOT);
        exchange.getMessage().setHeader(KafkaConstants.KEY, HexFormat.of().formatHex(Sha256.of(email)));
    }
}
