package com.rcistream.simulator;

import java.time.Duration;
import java.time.Instant;

/** The RFM analysis of one customer: recency, frequency and monetary scores (1-5), the combined rfm and the grade. */
record RfmScores(int recency, int frequency, int monetary) {

    /** Scores a customer as of {@code asOf}: recent order age, order count and lifetime value each map to 1-5. */
    static RfmScores of(CustomerFacts facts, Instant asOf) {
        return new RfmScores(
                recencyScore(facts.recentOrderAt(), asOf),
                frequencyScore(facts.ordersCount()),
                monetaryScore(facts.ltvCents()));
    }

    /** 100 R + 10 F + M, from 111 to 555. */
    int rfm() {
        return 100 * recency + 10 * frequency + monetary;
    }

    /** A to D, then F (there is no E): from the sum of the three scores. */
    String grade() {
        int sum = recency + frequency + monetary;
        if (sum >= 11) {
            return "A";
        }
        if (sum >= 9) {
            return "B";
        }
        if (sum >= 7) {
            return "C";
        }
        if (sum >= 5) {
            return "D";
        }
        return "F";
    }

    private static int recencyScore(Instant recentOrderAt, Instant asOf) {
        if (recentOrderAt == null) {
            return 1;
        }
        long days = Duration.between(recentOrderAt, asOf).toDays();
        if (days <= 60) {
            return 5;
        }
        if (days <= 240) {
            return 4;
        }
        if (days <= 540) {
            return 3;
        }
        if (days <= 1080) {
            return 2;
        }
        return 1;
    }

    private static int frequencyScore(int orders) {
        if (orders <= 1) {
            return 1;
        }
        if (orders == 2) {
            return 2;
        }
        if (orders <= 4) {
            return 3;
        }
        if (orders <= 8) {
            return 4;
        }
        return 5;
    }

    private static int monetaryScore(long cents) {
        if (cents < 5_000) {
            return 1;
        }
        if (cents < 15_000) {
            return 2;
        }
        if (cents < 40_000) {
            return 3;
        }
        if (cents < 100_000) {
            return 4;
        }
        return 5;
    }
}
