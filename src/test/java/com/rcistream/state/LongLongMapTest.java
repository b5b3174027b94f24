package com.rcistream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LongLongMapTest {

    @Test
    void behavesLikeAHashMapThroughGrowthAndRemovals() {
        LongLongMap map = new LongLongMap(4);
        Map<Long, Long> reference = new HashMap<>();
        Map<Long, Long> lastWritten = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextLong(50_000) - 25_000; // zero and negatives included
            if (random.nextInt(4) == 0) {
                map.remove(key);
                reference.remove(key);
            } else {
                long value = random.nextLong();
                map.put(key, value);
                reference.put(key, value);
                lastWritten.put(key, value);
            }
        }
        assertEquals(reference.size(), map.size());
        reference.forEach((k, v) -> assertTrue(map.contains(k, v), "key " + k));
        lastWritten.forEach((k, v) -> {
            if (!reference.containsKey(k)) {
                assertFalse(map.contains(k, v), "removed key " + k + " still holds its last value");
            }
        });
    }

    @Test
    void aClearedMapHoldsNothingAndFillsAgain() {
        LongLongMap map = new LongLongMap(4);
        for (long key = -100; key <= 100; key++) {
            map.put(key, key * 3);
        }
        map.clear();

        assertEquals(0, map.size());
        for (long key = -100; key <= 100; key++) {
            assertFalse(map.contains(key, key * 3), "key " + key);
            assertFalse(map.contains(key, 0), "a cleared slot holds no value either: key " + key);
        }
        map.put(5, 7);
        assertEquals(1, map.size());
        assertTrue(map.contains(5, 7));
    }

    @Test
    void runningOutOfHeapWhileGrowingLeavesTheMapAsItWas() {
        // the second array of the first growth is refused, as the heap refused it with 500 accounts at -Xmx256m
        AtomicInteger allocations = new AtomicInteger();
        LongLongMap map = new LongLongMap(4, length -> {
            if (allocations.incrementAndGet() == 4) {
                throw new OutOfMemoryError("Java heap space");
            }
            return new long[length];
        });
        long key = 0;
        for (; key < 100; key++) {
            try {
                map.put(key, key * 3);
            } catch (OutOfMemoryError refused) {
                break;
            }
        }
        assertEquals(16, key, "the growth at the 17th customer (32 slots, at most half full) is the one refused");

        assertEquals(16, map.size());
        for (long k = 0; k < 16; k++) {
            assertTrue(map.contains(k, k * 3), "key " + k);
        }
        assertFalse(map.contains(16, 48));
        for (long k = 16; k < 100; k++) {
            map.put(k, k * 3);
        }
        assertEquals(100, map.size());
        for (long k = 0; k < 100; k++) {
            assertTrue(map.contains(k, k * 3), "key " + k + " after the heap came back");
        }
    }
}
