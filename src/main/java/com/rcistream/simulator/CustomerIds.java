package com.rcistream.simulator;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Maps a customer's position in the list to its id and back. Ids are odd 19-digit numbers, strictly increasing
 * with the position: above 2^53 and odd, so a consumer that parses them as a double corrupts every one of them.
 */
final class CustomerIds {

    private static final long STRIDE = 1_000_000L;
    private static final long BASE_FLOOR = 7_000_000_000_000_000_000L;

    private final long seed;
    private final long base;

    CustomerIds(long seed) {
        this.seed = seed;
        // even, so that base + i * STRIDE + (odd offset) is odd
        this.base = BASE_FLOOR + Math.floorMod(SeedMix.of(seed, 0x1D5L), 1_000_000_000_000_000L) / 2 * 2;
    }

    /** The id of the customer at this position. */
    String idAt(int index) {
        return Long.toString(numericIdAt(index));
    }

    private long numericIdAt(int index) {
        long oddOffset = 2 * Math.floorMod(SeedMix.of(seed, index, 0x1D6L), STRIDE / 2) + 1;
        return base + index * STRIDE + oddOffset;
    }

    /** The position of this id among {@code count} customers, or -1 when no customer has it. */
    int indexOf(String id, int count) {
        if (id == null || id.isEmpty() || id.length() > 19) {
            return -1;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return -1;
            }
        }
        long numeric;
        try {
            numeric = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
        if (numeric < base) {
            return -1;
        }
        long index = (numeric - base) / STRIDE;
        if (index >= count
                || numericIdAt((int) index) != numeric
                || !idAt((int) index).equals(id)) {
            return -1;
        }
        return (int) index;
    }

    /** The ids of the first {@code count} customers, in list order, computed on access (no copy is held). */
    List<String> firstIds(int count) {
        return new IdList(count);
    }

    private final class IdList extends AbstractList<String> implements RandomAccess {
        private final int size;

        IdList(int size) {
            this.size = size;
        }

        @Override
        public String get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return idAt(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
