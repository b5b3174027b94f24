package com.rcistream.errors;

/**
 * Keeps the body an exception carries bounded: an exception lives through every retry, so a huge page must not live
 * on in it. 4 KiB is kept, well past the 1,024 characters a dead letter shows, so that the dead letter masks a token
 * before it cuts (a token cut in two here could not be recognised there).
 */
final class Excerpts {

    static final int KEPT = 4 * 1024;

    private Excerpts() {}

    static String bounded(String body) {
        return body == null || body.length() <= KEPT ? body : body.substring(0, KEPT) + "…";
    }
}
