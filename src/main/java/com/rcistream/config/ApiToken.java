package com.rcistream.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import com.rcistream.simulator.SimulatorConfig;

/**
 * The bearer token, kept in one place so that nothing else holds it: from {@code rci.api.token-file} (read again
 * when the file changes, as a Kubernetes secret does), else {@code rci.api.token} ({@code RCI_API_TOKEN}), else,
 * with the simulator on, the simulator's sandbox token.
 */
@ApplicationScoped
public class ApiToken {

    private final String fixed;
    private final Path file;
    private volatile String fromFile;
    private volatile long fileModified = Long.MIN_VALUE;

    public ApiToken(RciConfig config, SimulatorConfig simulator) {
        this.file = config.api().tokenFile().orElse(null);
        this.fixed = config.api().token().filter(t -> !t.isBlank())
                .orElse(simulator.enabled() ? simulator.token() : null);
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
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
