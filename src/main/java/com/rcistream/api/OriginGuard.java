package com.rcistream.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.ForeignLinkException;

/** Decides whether a link stays on the configured API origin (scheme, host and port), the only place the token may go. */
public final class OriginGuard {

    private final URI base;

    public OriginGuard(String baseUrl) {
        this.base = URI.create(baseUrl);
    }

    public boolean sameOrigin(String link) {
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            return false;
        }
        return uri.isAbsolute()
                && uri.getRawUserInfo() == null
                && scheme(uri).equals(scheme(base))
                && host(uri).equals(host(base))
                && port(uri) == port(base);
    }

    /** Refuses a link that leaves the origin. */
    public String check(String link) {
        if (!sameOrigin(link)) {
            throw new ForeignLinkException(UrlSanitizer.sanitize(link), origin());
        }
        return link;
    }

    public String origin() {
        return scheme(base) + "://" + host(base) + ":" + port(base);
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(scheme(uri)) ? 443 : "http".equals(scheme(uri)) ? 80 : -1;
    }
}
