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
    void sanitizedUrlKeepsTheCursorAndMasksCredentials() {
        assertEquals("https://api.example.com/api/v1/customers?page%5Bcursor%5D=abc&token=***",
                UrlSanitizer.sanitize("https://me:pw@api.example.com/api/v1/customers?page%5Bcursor%5D=abc&token=s3cret"));
    }
}
