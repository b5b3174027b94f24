package com.rcistream.config;

import static com.rcistream.testing.Settings.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.smallrye.config.ConfigValidationException;

import com.rcistream.testing.Settings;

/**
 * A setting outside its range (a constraint on {@link RciConfig}) stops the start with one line naming the key: a
 * negative retry count would retry for ever, a zero timeout is no timeout at all to HttpClient.
 */
class SettingRangesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "rci.api.max-retries=-1                 | rci.api.max-retries must be greater than or equal to 0",
                "rci.api.max-rate-limited-retries=-1    | rci.api.max-rate-limited-retries must be greater than or equal to 0",
                "rci.api.connect-timeout=0s             | rci.api.connect-timeout must be longer than zero",
                "rci.api.read-timeout=0s                | rci.api.read-timeout must be longer than zero",
                "rci.api.request-timeout=0s             | rci.api.request-timeout must be longer than zero",
                "rci.api.retry-backoff=0s               | rci.api.retry-backoff must be longer than zero",
                "rci.api.retry-after-max=-5s            | rci.api.retry-after-max must be longer than zero",
                "rci.api.spacing-margin=-20ms           | rci.api.spacing-margin must not be negative",
                "rci.api.max-body-size=1023             | rci.api.max-body-size must be at least 1K",
                "rci.api.requests-per-minute=0          | rci.api.requests-per-minute must be greater than or equal to 1",
                "rci.api.base-url=ftp://rci.example.com | rci.api.base-url must be an absolute http(s) URL",
                "rci.api.base-url=/api/v1               | rci.api.base-url must be an absolute http(s) URL",
                "rci.accounts.store-1.base-url=rci.example.com   | rci.accounts.store-1.base-url must be an absolute http(s) URL",
                "rci.accounts.store-1.requests-per-minute=0      | rci.accounts.store-1.requests-per-minute must be greater than or equal to 1",
                "rci.poll.interval=0s                   | rci.poll.interval must be longer than zero",
                "rci.poll.initial-delay=-1s             | rci.poll.initial-delay must not be negative",
                "rci.poll.max-sweeps=-1                 | rci.poll.max-sweeps must be greater than or equal to 0",
                "rci.sweep.failures-before-restart=0    | rci.sweep.failures-before-restart must be greater than or equal to 1",
                "rci.sweep.max-pages=0                  | rci.sweep.max-pages must be greater than or equal to 1",
                "rci.publish.concurrency=0              | rci.publish.concurrency must be greater than or equal to 1",
                "rci.publish.pages-in-flight=0          | rci.publish.pages-in-flight must be greater than or equal to 1",
                "rci.refresh.budget-share=0             | rci.refresh.budget-share must be greater than 0",
                "rci.refresh.budget-share=1.5           | rci.refresh.budget-share must be less than or equal to 1",
                "rci.refresh.max-poll-records=0         | rci.refresh.max-poll-records must be greater than or equal to 1",
                "rci.refresh.max-poll-interval=0s       | rci.refresh.max-poll-interval must be longer than zero",
                "rci.refresh.dedup-window=-1s           | rci.refresh.dedup-window must not be negative",
                "rci.topic.partitions=0                 | rci.topic.partitions must be greater than or equal to 1",
                "rci.topic.replication-factor=0         | rci.topic.replication-factor must be greater than or equal to 1",
                "rci.topic.tombstone-retention=0s       | rci.topic.tombstone-retention must be longer than zero",
                "rci.emit=some                          | rci.emit must be changes or all",
                "rci.leader-election.lease-duration=0s  | rci.leader-election.lease-duration must be longer than zero",
                "rci.leader-election.renew-deadline=0s  | rci.leader-election.renew-deadline must be longer than zero",
                "rci.leader-election.retry-period=0s    | rci.leader-election.retry-period must be longer than zero",
            })
    void settingOutOfRangeIsOneLineNamingTheKey(String setting, String line) {
        String[] keyAndValue = setting.trim().split("=", 2);

        ConfigValidationException failure =
                assertThrows(ConfigValidationException.class, () -> with(keyAndValue[0], keyAndValue[1]));

        assertEquals(1, failure.getProblemCount(), failure.getMessage());
        assertEquals(line.trim(), failure.getProblem(0).getMessage());
    }

    @Test
    void misspeltKeyIsNamed() {
        ConfigValidationException failure =
                assertThrows(ConfigValidationException.class, () -> with("rci.poll.intervall", "5m"));

        assertTrue(failure.getProblem(0).getMessage().contains("rci.poll.intervall"), failure.getMessage());
    }

    @Test
    void durationThatDoesNotParseIsNamed() {
        Exception failure = assertThrows(Exception.class, () -> Settings.rci(with("rci.api.read-timeout", "soon")));

        assertTrue(failure.getMessage().contains("rci.api.read-timeout"), failure.getMessage());
    }
}
