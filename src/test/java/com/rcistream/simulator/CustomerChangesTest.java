package com.rcistream.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class CustomerChangesTest {

    private static List<ObjectNode> snapshot(Simulator simulator) {
        List<ObjectNode> all = new ArrayList<>();
        simulator.ids().forEach(id -> all.add(simulator.attributes(id)));
        return all;
    }

    private static Simulator simulator() {
        return new Simulator(SimulatorTestConfig.defaults(), java.time.Clock.systemUTC(), new ManualNanoClock());
    }

    @Test
    void mutateChangesExactlyKCustomersAndReturnsThem() {
        Simulator simulator = simulator();
        List<String> ids = simulator.ids();
        List<ObjectNode> before = snapshot(simulator);

        List<String> changed = simulator.mutate(25);

        assertEquals(25, changed.size());
        assertEquals(25, new HashSet<>(changed).size());
        List<ObjectNode> after = snapshot(simulator);
        Set<String> actuallyChanged = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                actuallyChanged.add(ids.get(i));
            }
        }
        assertEquals(new HashSet<>(changed), actuallyChanged);
        for (String id : changed) {
            ObjectNode old = before.get(ids.indexOf(id));
            ObjectNode now = simulator.attributes(id);
            assertEquals(
                    old.get("orders_count").intValue() + 1,
                    now.get("orders_count").intValue());
            assertTrue(now.get("ltv_cents").longValue() > old.get("ltv_cents").longValue());
            assertTrue(Instant.parse(now.get("updated_at").asText())
                    .isAfter(Instant.parse(old.get("updated_at").asText())));
            assertEquals(
                    100 * now.get("recency_score").intValue()
                            + 10 * now.get("frequency_score").intValue()
                            + now.get("monetary_score").intValue(),
                    now.get("rfm").intValue());
        }
        assertEquals(ids, simulator.ids(), "ids and their order never change");
    }

    @Test
    void mutateIsDeterministicAndMovesOnEachCall() {
        Simulator a = simulator();
        Simulator b = simulator();
        List<String> first = a.mutate(10);
        assertEquals(first, b.mutate(10));
        assertEquals(a.attributes(first.get(0)), b.attributes(first.get(0)));
        assertNotEquals(first, a.mutate(10));
        a.reset();
        assertEquals(first, a.mutate(10), "reset starts the sequence again");
    }

    @Test
    void mutateNeverPicksRedactedCustomersAndRefusesTooMany() {
        Simulator simulator = simulator();
        int redacted =
                (int) simulator.ids().stream().filter(simulator::isRedacted).count();
        assertTrue(redacted > 0);
        List<String> changed = simulator.mutate(simulator.size() - redacted);
        assertTrue(changed.stream().noneMatch(simulator::isRedacted));
        assertThrows(IllegalArgumentException.class, () -> simulator.mutate(simulator.size() - redacted + 1));
        assertThrows(IllegalArgumentException.class, () -> simulator.mutate(-1));
        assertEquals(List.of(), simulator.mutate(0));
    }

    @Test
    void consentChangesTouchOnlyTheFlagsAndTheTimestamps() {
        Simulator simulator = simulator();
        String id = simulator.ids().stream()
                .filter(i -> !simulator.isRedacted(i))
                .findFirst()
                .orElseThrow();
        ObjectNode before = simulator.attributes(id);
        boolean email = before.get("email_marketing_consent").booleanValue();
        boolean sms = before.get("sms_marketing_consent").booleanValue();

        simulator.setConsent(id, !email, sms);

        ObjectNode after = simulator.attributes(id);
        assertEquals(!email, after.get("email_marketing_consent").booleanValue());
        assertEquals(sms, after.get("sms_marketing_consent").booleanValue());
        assertTrue(Instant.parse(after.get("updated_at").asText())
                .isAfter(Instant.parse(before.get("updated_at").asText())));
        assertEquals(before.get("ltv_cents"), after.get("ltv_cents"));
        assertEquals(before.get("email"), after.get("email"));

        simulator.setConsent(id, !email, sms);
        assertEquals(after, simulator.attributes(id), "setting the same flags again changes nothing");
    }

    @Test
    void redactionNullsThePiiAndWithdrawsConsent() {
        Simulator simulator = simulator();
        String id = simulator.ids().stream()
                .filter(i -> !simulator.isRedacted(i))
                .skip(3)
                .findFirst()
                .orElseThrow();
        simulator.setConsent(id, true, true);

        simulator.redact(id);

        ObjectNode a = simulator.attributes(id);
        assertTrue(a.get("first_name").isNull()
                && a.get("last_name").isNull()
                && a.get("email").isNull());
        assertFalse(a.get("email_marketing_consent").booleanValue());
        assertFalse(a.get("sms_marketing_consent").booleanValue());
        assertEquals(a.get("updated_at"), a.get("redacted_at"));
        assertTrue(simulator.isRedacted(id));
        assertThrows(IllegalStateException.class, () -> simulator.setConsent(id, true, false));
        simulator.redact(id);
        assertEquals(a, simulator.attributes(id), "redacting twice changes nothing");
    }

    @Test
    void unknownIdsAreRefused() {
        Simulator simulator = simulator();
        assertThrows(IllegalArgumentException.class, () -> simulator.attributes("123456"));
        assertThrows(IllegalArgumentException.class, () -> simulator.redact("nope"));
    }

    @Test
    void resizingKeepsTheFirstCustomers() {
        Simulator simulator = simulator();
        List<String> ids = List.copyOf(simulator.ids());
        simulator.setCustomers(10);
        assertEquals(ids.subList(0, 10), simulator.ids());
        simulator.setCustomers(2000);
        assertEquals(ids, simulator.ids().subList(0, 1000));
        assertEquals(2000, simulator.size());
    }
}
