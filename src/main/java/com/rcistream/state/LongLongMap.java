package com.rcistream.state;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * An open-addressing map from long to long: 16 bytes a slot, at most half full, so 1,000,000 customers take
 * 32 MiB. Written by hand because boxed maps cost about six times that and no primitive-collections library is
 * otherwise needed. Zero is the empty key, so keys are stored with a bit mix that never yields zero.
 */
final class LongLongMap {

    private final IntFunction<long[]> allocate;
    private long[] keys;
    private long[] values;
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
    }

    synchronized boolean contains(long key, long value) {
        int slot = find(keys, stored(key));
        return keys[slot] != 0 && values[slot] == value;
    }

    synchronized void put(long key, long value) {
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
                hole = next;
            }
        }
        keys[hole] = 0;
        values[hole] = 0;
        size--;
    }

    synchronized int size() {
        return size;
    }

    synchronized void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, 0);
        size = 0;
    }

    /** Both arrays are allocated before either replaces the old: out of heap, the map is left as it was. */
    private void grow() {
        long[] newKeys = allocate.apply(keys.length * 2);
        long[] newValues = allocate.apply(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int slot = find(newKeys, keys[i]);
                newKeys[slot] = keys[i];
                newValues[slot] = values[i];
            }
        }
        keys = newKeys;
        values = newValues;
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
