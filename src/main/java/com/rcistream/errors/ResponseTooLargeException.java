package com.rcistream.errors;

import java.io.IOException;

/**
 * An answer larger than rci.api.max-body-size once decompressed (a huge page, a gzip bomb): reading stopped at the
 * limit, and the page is dead-lettered at once, since it would be as large again. An IOException because it is
 * thrown while HttpClient's stream is read.
 */
public class ResponseTooLargeException extends IOException {

    public ResponseTooLargeException(String limit) {
        super("the answer is larger than rci.api.max-body-size (" + limit
                + ") once decompressed; it was not read further");
    }
}
