package com.rcistream.sweep;

/** Names of the exchange properties that carry a sweep's state between its routes. */
public final class SweepProperties {

    /** The {@link SweepProgress} of the sweep an exchange belongs to. */
    public static final String PROGRESS = "rciSweep";
    /** The URL the next API call fetches. */
    public static final String REQUEST_URL = "rciRequestUrl";
    /** The page's next link, or absent when the sweep is at its last page. */
    public static final String NEXT_URL = "rciNextUrl";
    /** The stage that was running when something failed, for the dead-letter envelope. */
    public static final String STAGE = "rciStage";

    private SweepProperties() {
    }
}
