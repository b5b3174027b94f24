package com.rcistream.errors;

/** A next link that leaves the configured API origin: refused, so the token never travels there. */
public class ForeignLinkException extends RuntimeException {

    private final String link;

    public ForeignLinkException(String link, String origin) {
        super("refused next link " + link + ": it leaves the configured API origin " + origin);
        this.link = link;
    }

    public String link() {
        return link;
    }
}
