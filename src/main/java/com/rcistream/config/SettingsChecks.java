package com.rcistream.config;

import static com.rcistream.config.StartupChecks.fail;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

import org.apache.camel.util.TimeUtils;
import org.eclipse.microprofile.config.Config;

/**
 * What relates two settings (or one setting read by two parsers), checked at start with one sentence naming the keys;
 * a setting's own range is a constraint on {@link RciConfig}. A refresh poll that cannot be handled within Kafka's poll
 * interval gets the consumer evicted again and again; a timer that reads 900 as milliseconds sweeps without pause.
 */
final class SettingsChecks {

    private SettingsChecks() {}

    static void check(RciConfig config, Config raw) {
        RciConfig.Api api = config.api();
        if (api.token().filter(t -> !t.isBlank()).isEmpty()
                && api.tokenFile().isEmpty()
                && config.accounts().tokenDir().isEmpty()) {
            fail("No API token: set RCI_API_TOKEN (rci.api.token) to the account's token, rci.api.token-file to a"
                    + " file that holds it, or rci.accounts.token-dir to a directory of token files, one an account.");
        }
        inTheClear("rci.api.base-url", api.baseUrl(), api.allowInsecureHttp());
        config.accounts()
                .own()
                .forEach((id, own) -> own.baseUrl()
                        .ifPresent(
                                url -> inTheClear("rci.accounts." + id + ".base-url", url, api.allowInsecureHttp())));
        if (api.retryBackoffMax().compareTo(api.retryBackoff()) < 0) {
            fail("rci.api.retry-backoff-max is " + text(api.retryBackoffMax())
                    + ": it must be at least rci.api.retry-backoff (" + text(api.retryBackoff()) + ").");
        }
        // while a sweep runs each refresh waits for its share of the budget; a poll's worth must fit in half the
        // interval
        RciConfig.Refresh refresh = config.refresh();
        long pollMillis = refresh.maxPollRecords() * config.refreshSpacingMillis();
        if (pollMillis * 2 > refresh.maxPollInterval().toMillis()) {
            fail("rci.refresh.max-poll-records (" + refresh.maxPollRecords() + ") takes " + pollMillis / 1000
                    + " s at the"
                    + " refresh share of the budget while a sweep runs, more than half of rci.refresh.max-poll-interval ("
                    + text(refresh.maxPollInterval()) + "): take fewer records a poll or allow a longer interval.");
        }
        if (config.publish().registered()
                && config.schemas().registryUrl().filter(u -> !u.isBlank()).isEmpty()) {
            fail("rci.publish.value-format=" + config.publish().valueFormat()
                    + " needs rci.schemas.registry-url (RCI_SCHEMAS_REGISTRY_URL), the"
                    + " registry's Confluent-compatible API (Apicurio: http://host:8080/apis/ccompat/v7).");
        }
        readTheSameByCamel(raw, "rci.poll.interval", config.poll().interval());
        readTheSameByCamel(raw, "rci.poll.initial-delay", config.poll().initialDelay());
    }

    /** A token must not travel in clear text, unless rci.api.allow-insecure-http says the network is trusted. */
    private static void inTheClear(String key, String url, boolean allowed) {
        URI base = uri(url);
        if ("http".equalsIgnoreCase(base.getScheme()) && !loopback(base.getHost()) && !allowed) {
            fail(key + " '" + url
                    + "' is plain http to a host other than this machine, so the token"
                    + " would travel in clear text: use https, or set rci.api.allow-insecure-http=true on a network you"
                    + " trust.");
        }
    }

    /**
     * The poll timer's URI takes these durations as placeholders, read by Camel's timer, whose time syntax differs from
     * Quarkus' at the edges: {@code 900} is 900 s to Quarkus but 900 ms to Camel, {@code PT15M} is zero to Camel. A
     * value both read alike (15m, 30s, 500ms) is required, so the timer does what the setting says.
     */
    private static void readTheSameByCamel(Config raw, String key, Duration meant) {
        String text = raw.getConfigValue(key).getValue();
        if (text == null) {
            return;
        }
        Duration camel;
        try {
            camel = TimeUtils.toDuration(text.trim());
        } catch (RuntimeException e) {
            camel = null;
        }
        if (!meant.equals(camel)) {
            fail(key + " is '" + text + "': write it with a unit Camel's timer reads the same way, such as 15m, 30s or"
                    + " 500ms.");
        }
    }

    /** The base URL, whose shape its constraint checked, as a URI with a host. */
    private static URI uri(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // told below, in one sentence
        }
        fail("rci.api.base-url '" + url + "' is not an absolute http(s) URL such as"
                + " https://repeat-customer-insights.littlestreamsoftware.com/api/v1.");
        return null;
    }

    /** Whether a URL's host is this machine (localhost, 127.0.0.0/8, ::1), told without asking DNS. */
    static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String text(Duration value) {
        return value.isNegative()
                ? "-" + text(value.negated())
                : value.toString().substring(2).toLowerCase();
    }
}
