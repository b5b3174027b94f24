package com.rcistream.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.rcistream.config.ApiToken;

/**
 * The accounts of {@code rci.accounts.token-dir}: each file named by an account id holds that account's token, as a
 * Kubernetes Secret mounted as a volume lays it out (each key a symbolic link into {@code ..data/}, which the read
 * follows; dot-files are the kubelet's and never accounts). Read again each time, so that a file added, removed or
 * changed is seen by the next read; a name that cannot be an account and an empty file are reported, never guessed at.
 */
public final class TokenDirectory {

    /** An account id: lowercase letters, digits and '-', at most 63, starting with a letter or digit (a DNS label). */
    public static final Pattern ACCOUNT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** One account's token; its text never shows (toString gives the fingerprint). */
    public record TokenFile(String account, String token) {
        public String fingerprint() {
            return ApiToken.fingerprintOf(token);
        }

        @Override
        public String toString() {
            return "TokenFile[" + account + ", " + fingerprint() + "]";
        }
    }

    /** What one read found: the accounts by id, and a sentence for each entry skipped. */
    public record Scan(SortedMap<String, TokenFile> accounts, List<String> skipped) {}

    private TokenDirectory() {}

    private static String readable(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** The accounts the directory holds now; an unreadable directory is an IOException naming it. */
    public static Scan read(Path directory) throws IOException {
        SortedMap<String, TokenFile> accounts = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (!Files.isRegularFile(entry)) {
                    skipped.add(directory + "/" + name + " is not a file: skipped");
                } else if (!ACCOUNT_ID.matcher(name).matches()) {
                    skipped.add(directory + "/" + name + " is not an account id (lowercase letters, digits and -, at"
                            + " most 63, starting with a letter or digit): skipped");
                } else {
                    String token = readable(entry);
                    if (token == null) {
                        skipped.add(directory + "/" + name + " cannot be read: account " + name + " has no token");
                    } else if (token.isEmpty()) {
                        skipped.add(directory + "/" + name + " is empty: account " + name + " has no token");
                    } else {
                        accounts.put(name, new TokenFile(name, token));
                    }
                }
            }
        } catch (IOException e) {
            throw new IOException(
                    "rci.accounts.token-dir " + directory + " cannot be read: "
                            + e.getClass().getSimpleName(),
                    e);
        }
        Collections.sort(skipped);
        return new Scan(Collections.unmodifiableSortedMap(accounts), List.copyOf(skipped));
    }
}
