package com.rcistream.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

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
}
