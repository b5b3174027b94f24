package com.rcistream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a failure keeps of the body it quotes: all of it up to 4 KiB, else the first 4 KiB and an ellipsis. */
class ExcerptsTest {

    @Test
    void aBodyUpTo4KiBIsKeptWhole() {
        String exactly = "x".repeat(Excerpts.KEPT);
        assertEquals(exactly, new InvalidPageException("truncated", exactly).body());
        assertEquals("{}", new BadRecordException("no id", null, "{}").record());
        assertEquals("", new ApiResponseException(422, "https://x", "", null).body());
        assertNull(new InvalidPageException("empty", null).body());
    }

    @Test
    void aLongerBodyIsCutAt4KiBAndSaysSo() {
        String page = "{\"data\":[" + "y".repeat(2 * Excerpts.KEPT);
        String kept = new InvalidPageException("oversized", page).body();
        assertEquals(page.substring(0, Excerpts.KEPT) + "…", kept);
        assertEquals(page.substring(0, Excerpts.KEPT) + "…", new BadRecordException("bad", "1", page).record());
        String justOver = "z".repeat(Excerpts.KEPT + 1);
        assertEquals(
                "z".repeat(Excerpts.KEPT) + "…", new ApiResponseException(500, "https://x", justOver, null).body());
    }
}
