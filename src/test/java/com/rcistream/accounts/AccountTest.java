package com.rcistream.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.testing.Proxies;

/** A refused token holds every call until the token changes: a rotated secret file resumes without a restart. */
class AccountTest {

    @TempDir
    Path dir;

    @Test
    void refusedTokenIsHeldUntilTheSecretFileChanges() throws Exception {
        Path secret = Files.writeString(dir.resolve("token"), "first-token\n");
        ApiToken token = new ApiToken(config(secret));
        Account auth = Account.single(token);
        assertFalse(auth.blocked());

        auth.refused("https://api.example.com/api/v1/customers", token.fingerprint());
        assertTrue(auth.blocked());
        assertTrue(auth.holdReason().contains("HTTP 401"));
        assertFalse(auth.holdReason().contains("first-token"), "the reason never shows the token");

        Files.writeString(secret, "rotated-token\n");
        Files.setLastModifiedTime(secret, FileTime.from(Instant.now().plusSeconds(5)));
        assertFalse(auth.blocked(), "a new token resumes");
    }

    @Test
    void tokenIsMaskedInAnyTextThatLeavesTheProcess() throws Exception {
        Path secret = Files.writeString(dir.resolve("token"), "s3cr3t-value");
        ApiToken token = new ApiToken(config(secret));
        assertFalse(token.redact("echo: Bearer s3cr3t-value").contains("s3cr3t-value"));
        assertFalse(token.toString().contains("s3cr3t-value"));
    }

    @Test
    void namedAccountIsHeldUntilItsFileGivesAnotherTokenAndMasksIt() {
        Account store = Account.named("store-1", "store-token-1");
        store.refused("https://api.example.com/api/v1/customers", store.fingerprint());
        assertTrue(store.holdReason().contains("account store-1"), store.holdReason());
        assertFalse(store.holdReason().contains("store-token-1"));
        assertEquals("Bearer *** sent", store.redact("Bearer store-token-1 sent"));

        store.rotate("store-token-2");
        assertFalse(store.blocked(), "a rotated file resumes its account");
        assertEquals("Bearer store-token-2", store.token().authorizationHeader());
        store.rotate(null);
        assertTrue(store.holdReason().contains("empty or gone"), "no token, no call: " + store.holdReason());
    }

    private static RciConfig config(Path tokenFile) {
        Object api = Proxies.answering(
                RciConfig.Api.class, Map.of("tokenFile", Optional.of(tokenFile), "token", Optional.empty()));
        return Proxies.answering(RciConfig.class, Map.of("api", api));
    }
}
