package com.rcistream.config;

import static com.rcistream.testing.Settings.rci;
import static com.rcistream.testing.Settings.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;

/** Settings that contradict each other stop the start with one sentence naming the keys. */
class SettingsChecksTest {

    @Test
    void theBuiltInSettingsWithATokenPass() {
        check(with());
    }

    @Test
    void noTokenAndNoTokenFileSaysWhatToSet() {
        assertEquals(
                "No API token: set RCI_API_TOKEN (rci.api.token) to the account's token, rci.api.token-file to a"
                        + " file that holds it, or rci.accounts.token-dir to a directory of token files, one an"
                        + " account.",
                failure(with("rci.api.token", null)));
        assertEquals(failure(with("rci.api.token", null)), failure(with("rci.api.token", "  ")));
    }

    @Test
    void aTokenFileStandsInForTheToken() {
        check(with("rci.api.token", null, "rci.api.token-file", "/run/secrets/rci/token"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "rci.api.base-url=http://rci.example.com/api/v1  | rci.api.base-url 'http://rci.example.com/api/v1' is plain http",
                "rci.accounts.store-2.base-url=http://eu.rci.example.com/api/v1 | rci.accounts.store-2.base-url 'http://eu.rci.example.com/api/v1' is plain http",
                "rci.api.retry-backoff-max=500ms                 | rci.api.retry-backoff-max is 0.5s: it must be at least rci.api.retry-backoff (1s).",
                "rci.refresh.max-poll-records=1000               | rci.refresh.max-poll-records (1000) takes 5000 s",
                "rci.poll.interval=900                           | rci.poll.interval is '900': write it with a unit",
                "rci.poll.initial-delay=PT1S                     | rci.poll.initial-delay is 'PT1S': write it with a unit",
                "rci.publish.value-format=json-schema            | rci.publish.value-format=json-schema needs rci.schemas.registry-url",
            })
    void contradictionStopsTheStartWithOneSentence(String setting, String sentence) {
        String[] keyAndValue = setting.trim().split("=", 2);

        String failure = failure(with(keyAndValue[0], keyAndValue[1]));

        assertEquals(
                sentence.trim(),
                failure.substring(0, Math.min(failure.length(), sentence.trim().length())),
                failure);
        assertEquals(1, failure.lines().count(), failure);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://127.0.0.1:8080/api/v1",
        "http://localhost/api/v1",
        "http://[::1]:9/api/v1",
        "https://rci.example.com/api/v1",
    })
    void plainHttpIsFineToThisMachineOrOverTls(String url) {
        check(with("rci.api.base-url", url));
    }

    @Test
    void plainHttpElsewhereIsFineWhenAllowed() {
        check(with("rci.api.base-url", "http://rci.example.com/api/v1", "rci.api.allow-insecure-http", "true"));
    }

    @Test
    void refreshPollThatFitsHalfTheIntervalPasses() {
        // 10 a poll at 20% of 60 a minute is 50 s, half of 100 s
        check(with("rci.refresh.max-poll-interval", "100s"));
        assertEquals(
                1, failure(with("rci.refresh.max-poll-interval", "99s")).lines().count());
    }

    @Test
    void jsonSchemaWithARegistryPasses() {
        check(with(
                "rci.publish.value-format",
                "json-schema",
                "rci.schemas.registry-url",
                "http://registry.example:8080/apis/ccompat/v7"));
    }

    @Test
    void timerDurationsBothParsersReadAlikePass() {
        check(with("rci.poll.interval", "30s", "rci.poll.initial-delay", "500ms"));
    }

    private static void check(SmallRyeConfig config) {
        SettingsChecks.check(rci(config), config);
    }

    private static String failure(SmallRyeConfig config) {
        return assertThrows(ConfigurationException.class, () -> check(config)).getMessage();
    }
}
