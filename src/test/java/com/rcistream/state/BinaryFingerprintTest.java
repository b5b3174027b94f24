package com.rcistream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.testing.Settings;

/**
 * The fingerprint of a value in a registry format is that of its bytes: read as UTF-8 text, two Avro values that
 * differ only in a number's varint would be the same text, and the change would go unseen. A text value's
 * fingerprint is what it always was.
 */
class BinaryFingerprintTest {

    private final FingerprintStore store =
            new FingerprintStore(Settings.rci(Settings.with()), null, null, new ObjectMapper(), null);

    @Test
    void twoAvroValuesThatReadAsTheSameTextHaveTwoFingerprints() {
        // the wire format, then a long of 100 and of 101 in Avro's zigzag varint: 0xC8 0x01, 0xCA 0x01
        byte[] hundred = {0, 0, 0, 0, 7, (byte) 0xC8, 0x01};
        byte[] hundredAndOne = {0, 0, 0, 0, 7, (byte) 0xCA, 0x01};
        assertEquals(
                new String(hundred, StandardCharsets.UTF_8),
                new String(hundredAndOne, StandardCharsets.UTF_8),
                "as text both are the same replacement characters");

        assertNotEquals(fingerprint(hundred), fingerprint(hundredAndOne));
        assertEquals(fingerprint(hundred), fingerprint(hundred.clone()));
    }

    @Test
    void aTextValuesFingerprintIsThatOfItsText() {
        String json = "{\"id\":\"1\",\"first_name\":\"Zoë\"}";
        assertEquals(FingerprintStore.hash(json), fingerprint(json));
        assertEquals(FingerprintStore.hash(json), fingerprint(json.getBytes(StandardCharsets.UTF_8)));
    }

    private long fingerprint(Object body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        // as in a JVM whose default charset is UTF-8 (Java 18+, the container image's C.utf8)
        exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
        exchange.getMessage().setBody(body);
        store.note(exchange);
        return exchange.getProperty(ExchangeProperties.FINGERPRINT, Long.class);
    }
}
