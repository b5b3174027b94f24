package com.rcistream.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class CursorCodecTest {

    private final CursorCodec codec = new CursorCodec(42);

    @Test
    void aCursorRoundTripsAndIsUrlSafe() {
        PageCursor cursor = new PageCursor(3, 17, 1700);
        String text = codec.encode(cursor);
        assertTrue(text.matches("[A-Za-z0-9_-]+"), text);
        assertEquals(cursor, codec.decode(text, 3));
    }

    @Test
    void everySingleCharacterChangeIsRejected() {
        String text = codec.encode(new PageCursor(0, 1, 100));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int position = 0; position < text.length(); position++) {
            for (char replacement : alphabet.toCharArray()) {
                if (replacement == text.charAt(position)) {
                    continue;
                }
                String tampered = text.substring(0, position) + replacement + text.substring(position + 1);
                assertThrows(InvalidCursorException.class, () -> codec.decode(tampered, 0), tampered);
            }
        }
    }

    @Test
    void anEditedOffsetWithAValidEncodingIsRejected() {
        byte[] bytes = Base64.getUrlDecoder().decode(codec.encode(new PageCursor(0, 1, 100)));
        bytes[12] = 0; // low byte of the offset
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        InvalidCursorException e = assertThrows(InvalidCursorException.class, () -> codec.decode(forged, 0));
        assertTrue(e.getMessage().contains("modified"), e.getMessage());
    }

    @Test
    void garbageIsRejected() {
        for (String garbage : new String[] {"", "abc123", "!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAA", "a b", "%5B"}) {
            assertThrows(InvalidCursorException.class, () -> codec.decode(garbage, 0), garbage);
        }
        assertThrows(InvalidCursorException.class, () -> codec.decode(null, 0));
    }

    @Test
    void aCursorFromAnOlderGenerationHasExpired() {
        String text = codec.encode(new PageCursor(0, 2, 200));
        InvalidCursorException e = assertThrows(InvalidCursorException.class, () -> codec.decode(text, 1));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void aCursorOfAnotherSeedIsNotAccepted() {
        String text = new CursorCodec(43).encode(new PageCursor(0, 1, 100));
        assertThrows(InvalidCursorException.class, () -> codec.decode(text, 0));
    }
}
