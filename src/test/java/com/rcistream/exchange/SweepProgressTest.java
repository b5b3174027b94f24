package com.rcistream.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a failure means for the pages in flight: a walk failure lets them finish, a publishing failure stops them. */
class SweepProgressTest {

    @Test
    void aWalkFailureLetsThePagesInFlightPublish() {
        SweepProgress progress = new SweepProgress(4);

        progress.fail(Stage.FETCH_PAGE, new IllegalStateException("HTTP 500"));

        assertTrue(progress.failed());
        assertFalse(progress.publishingFailed());
    }

    @Test
    void aPublishingFailureAfterAWalkFailureStillStopsPublishing() {
        SweepProgress progress = new SweepProgress(4);
        progress.fail(Stage.FETCH_PAGE, new IllegalStateException("HTTP 500"));

        progress.fail(Stage.FAN_OUT, new IllegalStateException("a fan-out step threw"));

        assertTrue(progress.publishingFailed(), "the page in flight that failed must not move the checkpoint");
        assertEquals("HTTP 500", progress.failure(), "the sweep reports the first failure");
        assertEquals(Stage.FETCH_PAGE, progress.failureStage());
    }

    @Test
    void aWalkFailureAfterAPublishingFailureKeepsPublishingStopped() {
        SweepProgress progress = new SweepProgress(4);
        progress.fail(Stage.CHECKPOINT, new IllegalStateException("Kafka timed out"));

        progress.fail(Stage.FOLLOW_NEXT_LINK, new IllegalStateException("a foreign next link"));

        assertTrue(progress.publishingFailed());
        assertEquals(Stage.CHECKPOINT, progress.failureStage());
    }
}
