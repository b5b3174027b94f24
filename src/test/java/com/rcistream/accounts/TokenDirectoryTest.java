package com.rcistream.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token directory laid out as the kubelet lays out a Secret mounted as a volume, read as it changes. */
class TokenDirectoryTest {

    @TempDir
    Path mount;

    private int version;

    @Test
    void eachKeyNamedByAnAccountIdIsThatAccountAndItsTokenIsTheTrimmedContent() throws Exception {
        publish(Map.of("store-eu", "token-eu\n", "store-us", "  token-us  ", "9lives", "token-9"));

        TokenDirectory.Scan scan = TokenDirectory.read(mount);

        assertEquals(
                List.of("9lives", "store-eu", "store-us"),
                List.copyOf(scan.accounts().keySet()));
        assertEquals("token-eu", scan.accounts().get("store-eu").token());
        assertEquals("token-us", scan.accounts().get("store-us").token());
        assertEquals(List.of(), scan.skipped(), "the kubelet's ..data and timestamped directory are no accounts");
    }

    @Test
    void aNameThatCannotBeAnAccountAndAnEmptyFileAreSkippedWithASentenceEach() throws Exception {
        publish(Map.of("Store_EU", "t1", "-store", "t2", "x".repeat(64), "t3", "store-empty", " \n", "ok", "t4"));

        TokenDirectory.Scan scan = TokenDirectory.read(mount);

        assertEquals(List.of("ok"), List.copyOf(scan.accounts().keySet()));
        assertEquals(
                List.of(
                        mount + "/-store is not an account id (lowercase letters, digits and -, at most 63, starting"
                                + " with a letter or digit): skipped",
                        mount + "/Store_EU is not an account id (lowercase letters, digits and -, at most 63, starting"
                                + " with a letter or digit): skipped",
                        mount + "/store-empty is empty: account store-empty has no token",
                        mount + "/" + "x".repeat(64) + " is not an account id (lowercase letters, digits and -, at"
                                + " most 63, starting with a letter or digit): skipped"),
                scan.skipped());
    }

    @Test
    void aKeyAddedRemovedOrChangedIsSeenByTheNextRead() throws Exception {
        publish(Map.of("store-a", "a-1", "store-b", "b-1"));
        assertEquals(Map.of("store-a", "a-1", "store-b", "b-1"), tokens(TokenDirectory.read(mount)));

        // the kubelet's update: a new timestamped directory, ..data swapped to it, links for new keys, old ones gone
        publish(Map.of("store-a", "a-2", "store-c", "c-1"));

        assertEquals(Map.of("store-a", "a-2", "store-c", "c-1"), tokens(TokenDirectory.read(mount)));
    }

    @Test
    void noTokenShowsInWhatTheReadGivesOrSays() throws Exception {
        publish(Map.of("store-a", "secret-token-a", "Bad", "secret-token-bad"));

        TokenDirectory.Scan scan = TokenDirectory.read(mount);

        assertFalse(scan.toString().contains("secret-token"), scan.toString());
        assertTrue(scan.accounts().get("store-a").toString().matches("TokenFile\\[store-a, [0-9a-f]{16}]"));
    }

    @Test
    void aDirectoryThatCannotBeReadIsOneSentenceNamingIt() {
        Path missing = mount.resolve("absent");

        IOException refused = assertThrows(IOException.class, () -> TokenDirectory.read(missing));

        assertEquals(
                "rci.accounts.token-dir " + missing + " cannot be read: NoSuchFileException", refused.getMessage());
    }

    private static Map<String, String> tokens(TokenDirectory.Scan scan) {
        return scan.accounts().values().stream()
                .collect(Collectors.toMap(TokenDirectory.TokenFile::account, TokenDirectory.TokenFile::token));
    }

    /** Writes the keys as the kubelet does: ..<version>/key files, ..data a link to it, each key a link into ..data. */
    private void publish(Map<String, String> keys) throws IOException {
        Path data = Files.createDirectory(mount.resolve("..2026_12_03_" + version++));
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Files.writeString(data.resolve(key.getKey()), key.getValue());
        }
        Path link = mount.resolve("..data_tmp");
        Files.createSymbolicLink(link, data.getFileName());
        Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (var old = Files.list(mount)) {
            for (Path entry :
                    old.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                if (!keys.containsKey(entry.getFileName().toString())) {
                    Files.delete(entry);
                }
            }
        }
        for (String key : keys.keySet()) {
            Path keyLink = mount.resolve(key);
            if (!Files.isSymbolicLink(keyLink)) {
                Files.createSymbolicLink(keyLink, Path.of("..data", key));
            }
        }
    }
}
