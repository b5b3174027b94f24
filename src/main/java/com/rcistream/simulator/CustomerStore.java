package com.rcistream.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulated account's customers: generated on demand, plus the runtime changes (the only thing kept in memory).
 * Not thread-safe; the {@link Simulator} serialises access.
 */
final class CustomerStore {

    private static final long SALT_MUTATION = 0x307A7EL;

    private final long seed;
    private final CustomerIds ids;
    private final CustomerGenerator generator;
    private final Map<Integer, Changed> changes = new HashMap<>();
    private int count;
    private int mutationRounds;

    /** A customer changed at runtime: how many changes it has seen, and its facts after the last one. */
    private record Changed(int changeCount, CustomerFacts facts) {}

    CustomerStore(long seed, double redactedShare, int count) {
        this(seed, seed, redactedShare, count);
    }

    /** The ids come from {@code idSeed}, the data and its changes from {@code dataSeed}: accounts share ids, not data. */
    CustomerStore(long idSeed, long dataSeed, double redactedShare, int count) {
        if (redactedShare < 0 || redactedShare > 1) {
            throw new IllegalArgumentException("redacted share must be between 0 and 1, was " + redactedShare);
        }
        this.seed = dataSeed;
        this.ids = new CustomerIds(idSeed);
        this.generator = new CustomerGenerator(dataSeed, redactedShare);
        resize(count);
    }

    int size() {
        return count;
    }

    /** Grows or shrinks the account; customers beyond the new size disappear, with their changes. */
    void resize(int newCount) {
        if (newCount < 0) {
            throw new IllegalArgumentException("customer count must not be negative, was " + newCount);
        }
        count = newCount;
        changes.keySet().removeIf(i -> i >= newCount);
    }

    /** The ids in list order (computed on access). */
    List<String> ids() {
        return ids.firstIds(count);
    }

    String idAt(int index) {
        return ids.idAt(index);
    }

    /** The position of this id, or -1 for an unknown id. */
    int indexOf(String id) {
        return ids.indexOf(id, count);
    }

    CustomerFacts facts(int index) {
        Changed changed = changes.get(index);
        return changed != null ? changed.facts() : generator.facts(index);
    }

    /** The attributes exactly as served. */
    ObjectNode attributes(int index) {
        return CustomerAttributes.render(facts(index), CustomerGenerator.AS_OF);
    }

    /**
     * Gives {@code k} customers a new order each (more orders, higher lifetime value, newer timestamps). The choice
     * is deterministic: it depends on the seed and on how many times mutate was called. Redacted customers are left
     * alone. Returns the changed ids in list order.
     */
    List<String> mutate(int k) {
        int[] eligible = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (!isRedacted(i)) {
                eligible[n++] = i;
            }
        }
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot change " + k + " customers: " + n + " can be changed");
        }
        SplittableRandom r = new SplittableRandom(SeedMix.of(seed, ++mutationRounds, SALT_MUTATION));
        for (int j = 0; j < k; j++) {
            int pick = j + r.nextInt(n - j);
            int tmp = eligible[j];
            eligible[j] = eligible[pick];
            eligible[pick] = tmp;
        }
        int[] chosen = Arrays.copyOf(eligible, k);
        Arrays.sort(chosen);
        List<String> changedIds = new ArrayList<>(k);
        for (int i : chosen) {
            int change = changeCount(i) + 1;
            record(i, change, facts(i).withOrder(generator.changeTime(i, change), generator.orderCents(i, change)));
            changedIds.add(ids.idAt(i));
        }
        return changedIds;
    }

    /** Sets both consent flags; a no-op when they already have these values. */
    void setConsent(int index, boolean email, boolean sms) {
        CustomerFacts facts = facts(index);
        if (facts.redacted()) {
            throw new IllegalStateException(
                    "customer " + ids.idAt(index) + " is redacted: it has no consent to change");
        }
        if (facts.emailConsent() == email && facts.smsConsent() == sms) {
            return;
        }
        int change = changeCount(index) + 1;
        record(index, change, facts.withConsent(email, sms, generator.changeTime(index, change)));
    }

    /** Redacts the customer (GDPR); a no-op for a customer already redacted. */
    void redact(int index) {
        CustomerFacts facts = facts(index);
        if (facts.redacted()) {
            return;
        }
        int change = changeCount(index) + 1;
        record(index, change, facts.redact(generator.changeTime(index, change)));
    }

    /** How many customers have been changed at runtime. */
    int changedCount() {
        return changes.size();
    }

    private boolean isRedacted(int index) {
        Changed changed = changes.get(index);
        return changed != null ? changed.facts().redacted() : generator.redactedFromTheStart(index);
    }

    private int changeCount(int index) {
        Changed changed = changes.get(index);
        return changed == null ? 0 : changed.changeCount();
    }

    private void record(int index, int change, CustomerFacts facts) {
        changes.put(index, new Changed(change, facts));
    }
}
