package com.rcistream.exchange;

import org.apache.camel.Message;

/**
 * Every exchange property the pipeline reads or writes, in one place: the exchange is the pipeline's data model, and
 * a route of one room reads what a route of another wrote. YAML routes see the {@code rciCustomer},
 * {@code rciTrueAttributes}, {@code rciRedacted}, {@code rciRedaction} and {@code rciChanges} properties; the others
 * are the bundle's own bookkeeping.
 */
public final class ExchangeProperties {

    // ---- the sweep ----
    /**
     * The id of the account (store) an exchange belongs to, of rci.accounts.token-dir; empty or absent for the one
     * account of rci.api.token. Rules read it as {@code ${exchangeProperty.rciAccount}}.
     */
    public static final String ACCOUNT = "rciAccount";
    /** The {@link SweepProgress} of the sweep an exchange belongs to (absent for a refresh request). */
    public static final String PROGRESS = "rciSweep";
    /** The {@link Stage} that was running when something failed, for the dead-letter envelope. */
    public static final String STAGE = "rciStage";
    /** The URL of the page the walk fetches next; absent when the sweep is at its last page. */
    public static final String NEXT_URL = "rciNextUrl";
    /** The next link of the page being published, moved to {@link #NEXT_URL} once the page is done. */
    public static final String PAGE_NEXT = "rciPageNext";

    // ---- an API call ----
    /** A page's number in its sweep's {@link PageWindow}, on the exchange that publishes it. */
    public static final String PAGE_SEQ = "rciPageSeq";
    /** The bytes of the last 2xx answer (as read, within rci.api.max-body-size), which the walk weighs its page by. */
    public static final String ANSWER_BYTES = "rciAnswerBytes";
    /** A next link the walk refused, thrown once its page is handed over to be published. */
    public static final String REFUSED_LINK = "rciRefusedLink";
    /** The URL the next API call fetches. */
    public static final String REQUEST_URL = "rciRequestUrl";
    /** How many times the current request URL has been sent, for the dead-letter envelope. */
    public static final String ATTEMPTS = "rciAttempts";
    /** The URL {@link #ATTEMPTS} counts for: a new URL starts the count again. */
    public static final String ATTEMPTED_URL = "rciAttemptedUrl";
    /** The fingerprint (never the value) of the token a request carried, so that a 401 blocks that token only. */
    public static final String TOKEN_SENT = "rciTokenSent";
    /** Whether the API call passed the throttle with the 429 gate still open (else it waits and queues again). */
    public static final String THROUGH_GATE = "rciThroughGate";
    /** Whether the API call is sent again (after a 429). */
    public static final String SEND_AGAIN = "rciSendAgain";
    /** 429s in a row for the current API call. */
    public static final String RATE_LIMITED_IN_A_ROW = "rciRateLimitedInARow";

    // ---- a customer ----
    /** The id a refresh request asked for, for the dead-letter envelope (a 404 names it). */
    public static final String CUSTOMER_ID = "rciCustomerId";
    /** The customer event value as a map: {@code ${exchangeProperty.rciCustomer[grade]}} in a simple expression. */
    public static final String CUSTOMER = "rciCustomer";
    /**
     * The names of the customer's attributes whose value is the JSON boolean true (its consent flags among them), for
     * a check that costs one lookup: {@code ${exchangeProperty.rciTrueAttributes} contains 'sms_marketing_consent'}.
     * (An index into {@link #CUSTOMER} in a simple expression builds a bean expression every time it runs.)
     */
    public static final String TRUE_ATTRIBUTES = "rciTrueAttributes";
    /** True when the customer is redacted (GDPR): only tombstones and a redaction event may leave. */
    public static final String REDACTED = "rciRedacted";
    /** The redaction event value, {@code {id, redacted_at}}, set only for a redacted customer. */
    public static final String REDACTION = "rciRedaction";
    /** A record that failed validation but was erased as a redacted customer: its dead letter, sent once it is. */
    public static final String MALFORMED = "rciMalformed";
    /** Whether a step's record goes on (a filter's test, set by the step before it, not a bean predicate). */
    public static final String GOES_ON = "rciGoesOn";
    /** Whether the customer event is new or changed since it was last published (always with rci.emit=all). */
    public static final String CHANGED = "rciChanged";
    /** The customer event value as parsed JSON (a Jackson ObjectNode), for the steps that read attributes in Java. */
    public static final String VALUE = "rciValue";
    /**
     * What changed in the customer's tracked attributes since it was last published, for the rules: a map from each
     * changed attribute to {@code {from, to}} (an array attribute's to {@code {entered, left}}); empty when nothing
     * tracked changed, or the customer is a baseline. {@code ${exchangeProperty.rciChanges[grade][to]}}.
     */
    public static final String CHANGES = "rciChanges";
    /** The change event's value but its id, account and sweep ({@code {changes, new}}), when there is one. */
    public static final String CHANGE_SET = "rciChangeSet";
    /** The customer's tracked values as served now, kept with its fingerprint once it is published. */
    public static final String TRACKED = "rciTracked";
    /** The customer's record for the change topic (an event, or a redacted customer's tombstone). */
    public static final String CHANGE_RECORD = "rciChangeRecord";
    /** The content fingerprint of the customer event, for change detection. */
    public static final String FINGERPRINT = "rciFingerprint";
    /** The {@link PageRecords} of the page a sweep's customer belongs to: its Kafka records, sent together. */
    public static final String PAGE_RECORDS = "rciPageRecords";
    /** The {@link CustomerOutcome} the fan-out's copies of a customer's exchange share: a rule that failed for it. */
    public static final String OUTCOME = "rciOutcome";

    /**
     * The headers kept when a step clears every other one: Camel's own redelivery bookkeeping, without which the error
     * handler's retries would never end.
     */
    public static final String KEPT_HEADERS = "CamelRedelivery*";
    /** The prefix of {@link #KEPT_HEADERS}. */
    private static final String KEPT_PREFIX = "CamelRedelivery";

    /**
     * Removes every header of a message but {@link #KEPT_HEADERS}. Camel's removeHeaders("*", excluded) compiles a
     * regular expression for every header that is not excluded, which is too dear for a step every customer takes.
     */
    public static void clearHeadersButKept(Message message) {
        if (message.hasHeaders()) {
            message.getHeaders()
                    .keySet()
                    .removeIf(name -> !name.regionMatches(true, 0, KEPT_PREFIX, 0, KEPT_PREFIX.length()));
        }
    }

    /** The values of {@link #KEPT_HEADERS} before an HTTP call, put back after it (camel-http can lose them). */
    public static final String KEPT_HEADER_VALUES = "rciKeptHeaderValues";

    private ExchangeProperties() {}
}
