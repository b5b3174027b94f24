package com.rcistream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.ForeignLinkException;

class OriginGuardTest {

    private final OriginGuard guard = new OriginGuard("https://api.example.com/api/v1");

    @Test
    void linkOnTheSameOriginIsFollowed() {
        assertTrue(guard.sameOrigin("https://api.example.com/api/v1/customers?page%5Bcursor%5D=abc"));
        assertTrue(guard.sameOrigin("https://API.example.com:443/api/v1/customers"));
    }

    @Test
    void linkToAnotherHostSchemePortOrWithUserInfoIsRefused() {
        assertFalse(guard.sameOrigin("https://evil.example.net/api/v1/customers"));
        assertFalse(guard.sameOrigin("http://api.example.com/api/v1/customers"));
        assertFalse(guard.sameOrigin("https://api.example.com:8443/api/v1/customers"));
        assertFalse(guard.sameOrigin("https://user@api.example.com/api/v1/customers"));
        assertFalse(guard.sameOrigin("/api/v1/customers"));
        assertFalse(guard.sameOrigin("not a url"));
        assertThrows(ForeignLinkException.class, () -> guard.check("https://evil.example.net/x"));
    }

    @Test
    void theOriginNamesSchemeHostAndPortAndALinkOnItIsKept() {
        assertEquals("https://api.example.com:443", guard.origin());
        String link = "https://api.example.com/api/v1/customers?page%5Bcursor%5D=abc";
        assertEquals(link, guard.check(link));
        ForeignLinkException refused =
                assertThrows(ForeignLinkException.class, () -> guard.check("https://evil.example.net/x?token=s3cret"));
        assertEquals("https://evil.example.net/x?token=***", refused.link());
    }

    @Test
    void plainHttpDefaultsToPort80AndAnotherSchemeHasNoDefaultPort() {
        OriginGuard http = new OriginGuard("http://localhost/api/v1");
        assertEquals("http://localhost:80", http.origin());
        assertTrue(http.sameOrigin("http://localhost:80/api/v1/customers"));
        assertFalse(http.sameOrigin("http://localhost:8080/api/v1/customers"));

        OriginGuard ftp = new OriginGuard("ftp://files.example.com/x");
        assertTrue(ftp.sameOrigin("ftp://files.example.com/y"));
        assertFalse(ftp.sameOrigin("ftp://files.example.com:21/x"));
    }

    @Test
    void sanitizedUrlKeepsTheCursorAndMasksCredentials() {
        assertEquals(
                "https://api.example.com/api/v1/customers?page%5Bcursor%5D=abc&token=***",
                UrlSanitizer.sanitize(
                        "https://me:pw@api.example.com/api/v1/customers?page%5Bcursor%5D=abc&token=s3cret"));
    }
}
