package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a URL shows in a log line or a dead letter: where it goes, never a credential. */
class UrlSanitizerTest {

    @Test
    void userInfoAndSecretParametersAreMaskedWhateverTheirCase() {
        assertEquals(
                "http://localhost:8080/api/v1/customers?Access_Token=***&page%5Bsize%5D=100&API_KEY=***",
                UrlSanitizer.sanitize(
                        "http://me:pw@localhost:8080/api/v1/customers?Access_Token=a1&page%5Bsize%5D=100&API_KEY=b2"));
    }

    @Test
    void aParameterWithoutAValueOrANameIsKeptAsItIs() {
        assertEquals("https://x/a?token&=s&key=***", UrlSanitizer.sanitize("https://x/a?token&=s&key=k"));
    }

    @Test
    void noUrlOrAnUnparsableOneShowsNothingOfIt() {
        assertNull(UrlSanitizer.sanitize(null));
        assertEquals("<unparsable URL>", UrlSanitizer.sanitize("https://x/a b?token=s3cret"));
        assertEquals("/api/v1/customers", UrlSanitizer.sanitize("/api/v1/customers"));
    }
}
