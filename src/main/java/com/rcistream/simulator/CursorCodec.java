package com.rcistream.simulator;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes and checks opaque page cursors: base64url of (format, generation, page index, offset) followed by a
 * truncated HMAC keyed by the seed, so a cursor cannot be forged or edited, and one from an older generation
 * (after {@link Simulator#expireCursors()}) is recognised as expired.
 */
final class CursorCodec {

    private static final byte FORMAT = 1;
    private static final int PAYLOAD_BYTES = 1 + 4 + 4 + 4;
    private static final int MAC_BYTES = 6;

    private final SecretKeySpec key;

    CursorCodec(long seed) {
        byte[] keyBytes = ByteBuffer.allocate(16)
                .putLong(SeedMix.of(seed, 0xC0C5L))
                .putLong(SeedMix.of(seed, 0xC0C6L))
                .array();
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
    }

    /** The cursor text for this page. */
    String encode(PageCursor cursor) {
        ByteBuffer buffer = ByteBuffer.allocate(PAYLOAD_BYTES + MAC_BYTES);
        buffer.put(FORMAT)
                .putInt(cursor.generation())
                .putInt(cursor.pageIndex())
                .putInt(cursor.offset());
        buffer.put(mac(buffer.array(), PAYLOAD_BYTES));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * The page this cursor points at, when it was issued by this codec in {@code currentGeneration}.
     *
     * @throws InvalidCursorException for a malformed, tampered or expired cursor (with the reason)
     */
    PageCursor decode(String text, int currentGeneration) {
        if (text == null || text.isEmpty()) {
            throw new InvalidCursorException("page[cursor] is empty");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("page[cursor] is not a cursor issued by this API");
        }
        // the last base64 character carries spare bits: only the canonical spelling is accepted
        if (bytes.length != PAYLOAD_BYTES + MAC_BYTES
                || bytes[0] != FORMAT
                || !Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(bytes)
                        .equals(text)) {
            throw new InvalidCursorException("page[cursor] is not a cursor issued by this API");
        }
        byte[] expected = mac(bytes, PAYLOAD_BYTES);
        byte[] actual = new byte[MAC_BYTES];
        System.arraycopy(bytes, PAYLOAD_BYTES, actual, 0, MAC_BYTES);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new InvalidCursorException("page[cursor] has been modified or was not issued by this API");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, PAYLOAD_BYTES - 1);
        PageCursor cursor = new PageCursor(buffer.getInt(), buffer.getInt(), buffer.getInt());
        if (cursor.generation() != currentGeneration) {
            throw new InvalidCursorException("page[cursor] has expired; start again from the first page");
        }
        if (cursor.pageIndex() < 0 || cursor.offset() < 0) {
            throw new InvalidCursorException("page[cursor] is not a cursor issued by this API");
        }
        return cursor;
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, 0, length);
            byte[] full = mac.doFinal();
            byte[] truncated = new byte[MAC_BYTES];
            System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
