package com.rcistream.state;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * An open-addressing map from long to long, with an optional row of longs beside each value (the tracked values,
 * packed): 16 bytes a slot plus 8 a word of the row, at most half full, so 1,000,000 customers take 32 MiB, 48 MiB
 * with a row of one word. Written by hand because boxed maps cost about six times that and no primitive-collections
 * library is otherwise needed. Zero is the empty key, so keys are stored with a bit mix that never yields zero.
 */
final class LongLongMap {

    private final IntFunction<long[]> allocate;
    private long[] keys;
    private long[] values;
    /** {@link #words} longs a slot, or none. */
    private long[] rows;

    private int words;
    private int size;

    LongLongMap(int expected) {
        this(expected, long[]::new);
    }

    /** With the arrays' allocation given, so that a test can make growing run out of memory. */
    LongLongMap(int expected, IntFunction<long[]> allocate) {
        this.allocate = allocate;
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = allocate.apply(capacity);
        values = allocate.apply(capacity);
        rows = new long[0];
    }

    synchronized boolean contains(long key, long value) {
        int slot = find(keys, stored(key));
        return keys[slot] != 0 && values[slot] == value;
    }

    synchronized boolean containsKey(long key) {
        return keys[find(keys, stored(key))] != 0;
    }

    synchronized void put(long key, long value) {
        put(key, value, null);
    }

    /** The value, and the key's row when one is given (else the row is kept, or zero for a new key). */
    synchronized void put(long key, long value, long[] row) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        long k = stored(key);
        int slot = find(keys, k);
        if (keys[slot] == 0) {
            keys[slot] = k;
            size++;
        }
        values[slot] = value;
        if (row != null && words > 0) {
            System.arraycopy(row, 0, rows, slot * words, words);
        }
    }

    /** Copies the key's row into {@code row}; false (and nothing copied) when the key is not in the map. */
    synchronized boolean row(long key, long[] row) {
        int slot = find(keys, stored(key));
        if (keys[slot] == 0) {
            return false;
        }
        System.arraycopy(rows, slot * words, row, 0, words);
        return true;
    }

    synchronized int words() {
        return words;
    }

    /** Rows of another width: every key's row rewritten by {@code rewrite(old row, new row)}. */
    synchronized void reshape(int newWords, BiConsumer<long[], long[]> rewrite) {
        long[] next = allocate.apply(keys.length * newWords);
        long[] from = new long[words];
        long[] to = new long[newWords];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                System.arraycopy(rows, i * words, from, 0, words);
                Arrays.fill(to, 0);
                rewrite.accept(from, to);
                System.arraycopy(to, 0, next, i * newWords, newWords);
            }
        }
        rows = next;
        words = newWords;
    }

    synchronized void remove(long key) {
        int slot = find(keys, stored(key));
        if (keys[slot] == 0) {
            return;
        }
        // backward-shift deletion keeps every probe chain unbroken
        int mask = keys.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != 0; next = (next + 1) & mask) {
            int home = home(keys[next], mask);
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                System.arraycopy(rows, next * words, rows, hole * words, words);
                hole = next;
            }
        }
        keys[hole] = 0;
        values[hole] = 0;
        Arrays.fill(rows, hole * words, hole * words + words, 0);
        size--;
    }

    synchronized int size() {
        return size;
    }

    synchronized void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, 0);
        Arrays.fill(rows, 0);
        size = 0;
    }

    /** Every array is allocated before any replaces the old: out of heap, the map is left as it was. */
    private void grow() {
        long[] newKeys = allocate.apply(keys.length * 2);
        long[] newValues = allocate.apply(keys.length * 2);
        long[] newRows = words == 0 ? rows : allocate.apply(keys.length * 2 * words);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int slot = find(newKeys, keys[i]);
                newKeys[slot] = keys[i];
                newValues[slot] = values[i];
                System.arraycopy(rows, i * words, newRows, slot * words, words);
            }
        }
        keys = newKeys;
        values = newValues;
        rows = newRows;
    }

    private static int find(long[] keys, long k) {
        int mask = keys.length - 1;
        int slot = home(k, mask);
        while (keys[slot] != 0 && keys[slot] != k) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int home(long k, int mask) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static long stored(long key) {
        return key == 0 ? 0x5DEECE66DL : key;
    }
}
