package com.rcistream.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import com.rcistream.config.ApiToken;

/**
 * The one mask every text passes on its way out of the process: the dead-letter envelope (reason, URLs, excerpt and
 * the headers made from them), the health answer and the bundle's log lines. It masks the API token and whatever may
 * be a person's data ({@link FreeText}; in a body also every customer attribute value, {@link PersonalData}). A dead
 * letter is kept (neither compacted nor erased), a log is shipped and kept elsewhere: what must not be kept must not
 * go in.
 */
@ApplicationScoped
@Named("textMasker")
public class TextMasker {

    private final ApiToken token;

    public TextMasker(ApiToken token) {
        this.token = token;
    }

    /** Free text (a reason, a URL, a log line) with the token and personal data masked; null stays null. */
    public String mask(String text) {
        return text == null ? null : token.redact(FreeText.mask(text));
    }

    /** A body (a page, a record): customer attribute values and personal keys' values masked too. */
    public String maskBody(String body) {
        return body == null ? null : mask(PersonalData.mask(body));
    }
}
