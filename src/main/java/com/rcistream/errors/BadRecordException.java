package com.rcistream.errors;

/** One record of a page that cannot be published (no id, wrong type, not an object); the rest of the page flows. */
public class BadRecordException extends RuntimeException {

    private final String recordId;
    private final String record;

    public BadRecordException(String reason, String recordId, String record) {
        super(reason);
        this.recordId = recordId;
        this.record = Excerpts.bounded(record);
    }

    /** The record's id when it has a usable one, else null. */
    public String recordId() {
        return recordId;
    }

    public String record() {
        return record;
    }
}
