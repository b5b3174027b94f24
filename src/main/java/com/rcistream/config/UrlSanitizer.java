package com.rcistream.config;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Makes a URL safe to log or dead-letter: no user info, and query parameters that may carry credentials masked. */
public final class UrlSanitizer {

    private static final Set<String> SECRET_PARAMS =
            Set.of("token", "api_key", "apikey", "access_token", "key", "password", "secret", "auth", "authorization");
    private static final Pattern PARAM = Pattern.compile("&");

    private UrlSanitizer() {}

    public static String sanitize(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            StringBuilder out = new StringBuilder();
            if (uri.getScheme() != null) {
                out.append(uri.getScheme()).append("://");
            }
            if (uri.getHost() != null) {
                out.append(uri.getHost());
            }
            if (uri.getPort() != -1) {
                out.append(':').append(uri.getPort());
            }
            if (uri.getRawPath() != null) {
                out.append(uri.getRawPath());
            }
            if (uri.getRawQuery() != null) {
                out.append('?').append(maskQuery(uri.getRawQuery()));
            }
            return out.toString();
        } catch (IllegalArgumentException e) {
            return "<unparsable URL>";
        }
    }

    private static String maskQuery(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : PARAM.split(query)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            out.append(eq >= 0 && SECRET_PARAMS.contains(name.toLowerCase(Locale.ROOT)) ? name + "=***" : pair);
        }
        return out.toString();
    }
}
