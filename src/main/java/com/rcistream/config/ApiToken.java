package com.rcistream.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The bearer token, kept in one place so that nothing else holds it: from {@code rci.api.token-file} (read again
 * when the file changes, as a Kubernetes secret does), else {@code rci.api.token} ({@code RCI_API_TOKEN}). The demo and
 * the tests give the simulator's sandbox token the same way, through their own profile. A token file that is empty
 * or cannot be read means no token (calls are held), never a fallback and never {@code Bearer null}.
 */
@ApplicationScoped
public class ApiToken {

    /** The token as read once: the header to send and its fingerprint always belong to the same token. */
    public record Current(String authorizationHeader, String fingerprint) {
        @Override
        public String toString() {
            return "ApiToken.Current[***, " + fingerprint + "]";
        }
    }

    private final String fixed;
    private final Path file;
    private volatile String fromFile;
    private volatile Object fileVersion;
    private volatile UnaryOperator<String> others = UnaryOperator.identity();

    public ApiToken(RciConfig config) {
        this.file = config.api().tokenFile().orElse(null);
        this.fixed = config.api().token().filter(t -> !t.isBlank()).orElse(null);
    }

    /** The token for one request, read once; null when there is none (the caller holds the request). */
    public Current current() {
        String value = tokenNow();
        return value == null ? null : new Current("Bearer " + value, fingerprintOf(value));
    }

    /** A short hash that tells tokens apart without revealing them. */
    public String fingerprint() {
        return fingerprintOf(tokenNow());
    }

    /** Why there is no token to send, or null when there is one. */
    public String missingReason() {
        if (tokenNow() != null) {
            return null;
        }
        return file != null
                ? "no API token: rci.api.token-file " + file + " is empty or cannot be read; every call is held"
                        + " until it holds the token"
                : "no API token: set RCI_API_TOKEN (rci.api.token)";
    }

    /** Replaces any occurrence of the token in a text that is about to leave the process (log, dead letter). */
    public String redact(String text) {
        String value = tokenNow();
        String redacted = text == null || value == null || value.isEmpty() ? text : text.replace(value, "***");
        return others.apply(redacted);
    }

    /** The other tokens to mask wherever this one is (the accounts of rci.accounts.token-dir). */
    public void alsoRedact(UnaryOperator<String> redactor) {
        this.others = redactor;
    }

    /** The token in force now: the file's (read again when its identity, size or time changes), else the fixed one. */
    protected String tokenNow() {
        if (file == null) {
            return fixed;
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Object version =
                    List.of(String.valueOf(attributes.fileKey()), attributes.size(), attributes.lastModifiedTime());
            if (!Objects.equals(version, fileVersion)) {
                String read = Files.readString(file, StandardCharsets.UTF_8).trim();
                fromFile = read.isEmpty() ? null : read;
                fileVersion = version;
            }
        } catch (IOException e) {
            fromFile = null;
            fileVersion = null;
        }
        return fromFile;
    }

    public static String fingerprintOf(String value) {
        return value == null ? "none" : HexFormat.of().formatHex(Sha256.of(value), 0, 8);
    }

    @Override
    public String toString() {
        return "ApiToken[***]";
    }
}
