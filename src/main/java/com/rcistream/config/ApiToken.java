package com.rcistream.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The bearer token, kept in one place so that nothing else holds it: from {@code rci.api.token-file} (read again
 * when the file changes, as a Kubernetes secret does), else {@code rci.api.token} ({@code RCI_API_TOKEN}). The demo and
 * the tests give the simulator's sandbox token the same way, through their own profile.
 */
@ApplicationScoped
public class ApiToken {

    private final String fixed;
    private final Path file;
    private volatile String fromFile;
    private volatile long fileModified = Long.MIN_VALUE;

    public ApiToken(RciConfig config) {
        this.file = config.api().tokenFile().orElse(null);
        this.fixed = config.api().token().filter(t -> !t.isBlank()).orElse(null);
    }

    public boolean isPresent() {
        return value() != null;
    }

    /** The Authorization header value; only the API call route asks for it. */
    public String authorizationHeader() {
        return "Bearer " + value();
    }

    /** A short hash that tells tokens apart without revealing them. */
    public String fingerprint() {
        String value = value();
        if (value == null) {
            return "none";
        }
        return HexFormat.of().formatHex(Sha256.of(value), 0, 8);
    }

    /** Replaces any occurrence of the token in a text that is about to leave the process (log, dead letter). */
    public String redact(String text) {
        String value = value();
        if (text == null || value == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, "***");
    }

    private String value() {
        if (file == null) {
            return fixed;
        }
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            if (modified != fileModified) {
                String read = Files.readString(file, StandardCharsets.UTF_8).trim();
                fromFile = read.isEmpty() ? null : read;
                fileModified = modified;
            }
        } catch (IOException e) {
            // keep the last token read: a secret being rotated may be briefly absent
        }
        return fromFile != null ? fromFile : fixed;
    }

    @Override
    public String toString() {
        return "ApiToken[***]";
    }
}
