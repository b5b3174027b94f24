package com.rcistream.errors;

/**
 * A walk that would never end: a next link already followed in this sweep, or more pages than rci.sweep.max-pages
 * (a loop whose links never repeat). The sweep ends, and the next one starts at page one.
 */
public class PaginationLoopException extends RuntimeException {

    private PaginationLoopException(String reason) {
        super(reason);
    }

    /** The next link (already made safe to show) was followed before in this sweep. */
    public static PaginationLoopException repeated(String link) {
        return new PaginationLoopException("pagination-loop: the next link " + link
                + " was already followed in this sweep; the sweep ends and the next one starts at page one");
    }

    /** The sweep has read {@code maxPages} pages and the API still gives a next link. */
    public static PaginationLoopException pageCap(int maxPages, String link) {
        return new PaginationLoopException("pagination-loop: the sweep has read rci.sweep.max-pages (" + maxPages
                + ") pages and the API still links to " + link
                + "; the sweep ends and the next one starts at page one");
    }
}
