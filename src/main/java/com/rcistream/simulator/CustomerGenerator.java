package com.rcistream.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Computes customer {@code i} of a data set from {@code (seed, i)} alone, so a million customers cost no memory:
 * nothing is stored, every request recomputes what it serves. Changes made later are dated after {@link #AS_OF}.
 */
final class CustomerGenerator {

    /** The moment the generated data set describes; scores are computed as of then, later changes are dated after. */
    static final Instant AS_OF = Instant.parse("2025-06-30T00:00:00Z");

    private static final Instant FIRST_CUSTOMER_AT = Instant.parse("2016-01-04T09:00:00Z");
    /** When the simulated store installed RCI: older customers were imported then. */
    private static final Instant INSTALLED_AT = Instant.parse("2017-02-06T15:12:09.318Z");

    private static final long SALT_FACTS = 0xFAC75L;
    private static final long SALT_REDACTED = 0x9D9EL;
    private static final long SALT_CHANGE_TIME = 0xC4A6EL;
    private static final long SALT_ORDER_CENTS = 0x0CE7L;

    private static final String[] FIRST_NAMES = {
        "Ava", "Liam", "Olivia", "Noah", "Emma", "Mateo", "Sophia", "Lucas", "Isabella", "Elijah",
        "Mia", "Oliver", "Amelia", "James", "Harper", "Aiden", "Evelyn", "Ethan", "Luna", "Mason",
        "Chloe", "Leo", "Zoe", "Henry", "Nora", "Kai", "Aaliyah", "Hiroshi", "Priya", "Sven",
        "Fatima", "Jonas", "Ines", "Rafael", "Yuki", "Chiara", "Omar", "Freya", "Tomas", "Anaïs",
    };
    private static final String[] LAST_NAMES = {
        "Smith", "Johnson", "Garcia", "Brown", "Nguyen", "Miller", "Davis", "Martinez", "Lopez", "Wilson",
        "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark",
        "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Müller", "O'Brien",
        "Rossi", "Kowalski", "Tanaka", "Patel", "Dubois", "Jensen", "Silva", "Novak", "Haddad", "Van der Berg",
    };
    private static final String[] EMAIL_DOMAINS = {"example.com", "example.net", "example.org"};
    private static final String[] SOURCES = {
        "web", "pos", "iphone", "android", "shopify_draft_order", "facebook", "instagram", "amazon",
    };
    private static final double[] SOURCE_WEIGHTS = {0.62, 0.10, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "CAD", "AUD"};
    private static final double[] CURRENCY_WEIGHTS = {0.80, 0.07, 0.06, 0.04, 0.03};

    private final long seed;
    private final double redactedShare;

    CustomerGenerator(long seed, double redactedShare) {
        this.seed = seed;
        this.redactedShare = redactedShare;
    }

    /** Whether customer {@code i} is redacted in the generated data set (before any runtime change). */
    boolean redactedFromTheStart(int i) {
        return SeedMix.unit(seed, i, SALT_REDACTED) < redactedShare;
    }

    /** The generated facts of customer {@code i}. */
    CustomerFacts facts(int i) {
        SplittableRandom r = new SplittableRandom(SeedMix.of(seed, i, SALT_FACTS));
        Instant remoteCreatedAt = FIRST_CUSTOMER_AT.plusSeconds(
                r.nextLong(Duration.between(FIRST_CUSTOMER_AT, AS_OF.minus(Duration.ofDays(45)))
                        .toSeconds()));
        String firstName = FIRST_NAMES[r.nextInt(FIRST_NAMES.length)];
        String lastName = LAST_NAMES[r.nextInt(LAST_NAMES.length)];
        String email = emailLocalPart(firstName) + "." + emailLocalPart(lastName) + "." + i + "@"
                + EMAIL_DOMAINS[r.nextInt(EMAIL_DOMAINS.length)];
        boolean emailConsent = r.nextDouble() < 0.6;
        boolean smsConsent = r.nextDouble() < 0.3;
        String currency = CURRENCIES[weighted(r, CURRENCY_WEIGHTS)];
        String source = SOURCES[weighted(r, SOURCE_WEIGHTS)];

        int orders = ordersCount(r);
        long ltvCents = 0;
        for (int o = 0; o < orders; o++) {
            long cents = 1_500 + r.nextInt(18_500);
            ltvCents += r.nextDouble() < 0.05 ? cents * 4 : cents;
        }
        Instant firstOrderAt = orders == 0 ? null : remoteCreatedAt.plusSeconds(r.nextLong(1, 48 * 3600));
        Instant recentOrderAt = firstOrderAt;
        if (orders > 1) {
            long sinceFirst = Duration.between(firstOrderAt, AS_OF).toSeconds();
            double u = r.nextDouble();
            // skewed towards the present: most repeat buyers ordered lately
            recentOrderAt = AS_OF.minusSeconds((long) (sinceFirst * u * u * 0.999) + 1);
        }
        Instant lastActivity = recentOrderAt == null ? remoteCreatedAt : recentOrderAt;
        Instant remoteUpdatedAt = lastActivity.plusSeconds(r.nextLong(
                0,
                1 + Math.min(30L * 86_400, Duration.between(lastActivity, AS_OF).toSeconds())));
        Instant createdAt = max(remoteCreatedAt, INSTALLED_AT).plusMillis(r.nextLong(1, 86_400_000L));
        Instant syncedFrom = max(createdAt, remoteUpdatedAt);
        Instant updatedAt = syncedFrom.plusMillis(r.nextLong(
                0,
                1
                        + Math.min(
                                3 * 86_400_000L,
                                Duration.between(syncedFrom, AS_OF).toMillis())));
        Instant redactedAt = null;
        if (redactedFromTheStart(i)) {
            redactedAt = updatedAt.plusMillis(
                    r.nextLong(1, Math.max(2, Duration.between(updatedAt, AS_OF).toMillis())));
            updatedAt = redactedAt;
        }
        CustomerFacts facts = new CustomerFacts(
                remoteCreatedAt,
                remoteUpdatedAt,
                firstName,
                lastName,
                email,
                emailConsent,
                smsConsent,
                createdAt,
                updatedAt,
                ltvCents,
                currency,
                orders,
                firstOrderAt,
                recentOrderAt,
                source,
                null);
        return redactedAt == null ? facts : facts.redact(redactedAt);
    }

    /** When the {@code change}-th runtime change (1-based) of customer {@code i} reached RCI. */
    Instant changeTime(int i, int change) {
        long jitterMillis = Math.floorMod(SeedMix.of(seed, i, change, SALT_CHANGE_TIME), 6 * 3_600_000L);
        return AS_OF.plus(Duration.ofDays(change)).plusMillis(jitterMillis);
    }

    /** The value of the order placed by the {@code change}-th runtime change of customer {@code i}. */
    long orderCents(int i, int change) {
        return 1_500 + Math.floorMod(SeedMix.of(seed, i, change, SALT_ORDER_CENTS), 18_500L);
    }

    private static int ordersCount(SplittableRandom r) {
        double u = r.nextDouble();
        if (u < 0.07) {
            return 0; // cancelled or skipped orders
        }
        if (u < 0.12) {
            return 8 + r.nextInt(30); // loyal regulars
        }
        int orders = 1;
        while (orders < 7 && r.nextDouble() < 0.42) {
            orders++;
        }
        return orders;
    }

    private static int weighted(SplittableRandom r, double[] weights) {
        double u = r.nextDouble();
        for (int k = 0; k < weights.length - 1; k++) {
            u -= weights[k];
            if (u < 0) {
                return k;
            }
        }
        return weights.length - 1;
    }

    private static String emailLocalPart(String name) {
        String ascii = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("[^A-Za-z]", "");
        return ascii.toLowerCase(Locale.ROOT);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
