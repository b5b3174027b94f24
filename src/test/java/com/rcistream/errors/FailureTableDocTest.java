package com.rcistream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.rcistream.config.RciConfig;
import com.rcistream.errors.FailurePolicy.Treatment;
import com.rcistream.testing.Settings;

/**
 * The failure table of docs/guarantees.md is FailurePolicy, row for row: the same failure types in the same order
 * (the first matching row decides), each with the policy's treatment and retries, and the rule routes' row; the
 * table of cases names only rows the policy has.
 */
class FailureTableDocTest {

    private static final Path PAGE = Path.of("docs", "guarantees.md");
    private static final String RULE_ROUTE_ROW = "rule-*";
    /** Distinct values, so that a retries cell naming the wrong setting is seen. */
    private static final int MAX_RETRIES = 7;

    private static final int MAX_RATE_LIMITED_RETRIES = 11;
    private static final Map<String, Integer> RETRY_SETTINGS =
            Map.of("rci.api.max-retries", MAX_RETRIES, "rci.api.max-rate-limited-retries", MAX_RATE_LIMITED_RETRIES);

    private final FailurePolicy policy = new FailurePolicy(config());

    @Test
    void theFailureTableHasTheRowsOfTheFailurePolicyInItsOrder() throws IOException {
        List<String> documented =
                rows("failure-policy").stream().map(row -> code(row.get(0))).toList();
        List<String> expected = new ArrayList<>(policy.rules().stream()
                .map(rule -> rule.failure().getSimpleName())
                .toList());
        expected.add(RULE_ROUTE_ROW);
        assertEquals(
                expected, documented, "the failure types of docs/guarantees.md's failure table, against FailurePolicy");
    }

    @Test
    void eachRowOfTheFailureTableSaysWhatTheFailurePolicyDecides() throws IOException {
        Map<String, FailurePolicy.Rule> byName = policy.rules().stream()
                .collect(Collectors.toMap(rule -> rule.failure().getSimpleName(), rule -> rule));
        List<String> wrong = new ArrayList<>();
        for (List<String> row : rows("failure-policy")) {
            String failure = code(row.get(0));
            Treatment treatment;
            int retries;
            if (failure.equals(RULE_ROUTE_ROW)) {
                // what fails in a rule route, whatever its type, unless Kafka refused one of the bundle's own topics;
                // rules opt in to error-policy, which retries nothing
                treatment =
                        policy.treatment("rule-doc", "direct://rule-doc", new IllegalStateException("a rule threw"));
                retries = 0;
            } else if (byName.containsKey(failure)) {
                treatment = byName.get(failure).treatment();
                retries = byName.get(failure).retries();
            } else {
                wrong.add(failure + ": no such row in FailurePolicy");
                continue;
            }
            if (!code(row.get(1)).equals(treatment.name())) {
                wrong.add(failure + ": documented " + row.get(1) + ", FailurePolicy decides " + treatment);
            }
            Integer documentedRetries = retries(row.get(2));
            if (documentedRetries == null || documentedRetries != retries) {
                wrong.add(failure + ": documented tried again " + row.get(2) + ", FailurePolicy allows " + retries);
            }
        }
        assertEquals(List.of(), wrong, "rows of docs/guarantees.md's failure table that FailurePolicy contradicts");
    }

    @Test
    void everyTreatmentIsExplainedBelowTheTable() throws IOException {
        String page = Files.readString(PAGE);
        String after = page.substring(page.indexOf("<!-- failure-policy:end"));
        for (Treatment treatment : Treatment.values()) {
            assertTrue(
                    after.contains("- `" + treatment.name() + "`:"), treatment + " is not explained below the table");
        }
    }

    @Test
    void theCasesNameOnlyRowsOfTheFailureTable() throws IOException {
        Set<String> policyRows =
                rows("failure-policy").stream().map(row -> code(row.get(0))).collect(Collectors.toSet());
        List<List<String>> cases = rows("failure-cases");
        assertFalse(cases.isEmpty(), "no cases between the failure-cases markers");
        List<String> unknown = cases.stream()
                .map(row -> row.get(1))
                .filter(cell -> !cell.equals("—") && !policyRows.contains(code(cell)))
                .toList();
        assertEquals(
                List.of(), unknown, "policy rows named by docs/guarantees.md's cases that its failure table lacks");
    }

    /** The body rows (header and separator left out) of the table between {@code <!-- name:start} and {@code :end}. */
    private static List<List<String>> rows(String name) throws IOException {
        String page = Files.readString(PAGE);
        int start = page.indexOf("<!-- " + name + ":start");
        int end = page.indexOf("<!-- " + name + ":end");
        assertTrue(start >= 0 && end > start, "docs/guarantees.md has no " + name + " markers");
        List<List<String>> rows = page.substring(start, end)
                .lines()
                .filter(line -> line.startsWith("|"))
                .map(line -> List.of(line.substring(1, line.lastIndexOf('|')).split("\\|", -1)).stream()
                        .map(String::trim)
                        .toList())
                .toList();
        assertTrue(
                rows.size() > 2 && rows.get(1).get(0).startsWith("---"), "no table between the " + name + " markers");
        return rows.subList(2, rows.size());
    }

    /** The text inside the first backticks of a cell, else the cell. */
    private static String code(String cell) {
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        return m.find() ? m.group(1) : cell;
    }

    /** A retries cell: a number, or the setting whose value it is. */
    private static Integer retries(String cell) {
        if (cell.matches("\\d+")) {
            return Integer.valueOf(cell);
        }
        return RETRY_SETTINGS.get(code(cell));
    }

    /** The bundle's own settings, with retry counts no default has, so a cell naming the wrong setting shows. */
    private static RciConfig config() {
        return Settings.rci(Settings.with(
                "rci.api.max-retries",
                String.valueOf(MAX_RETRIES),
                "rci.api.max-rate-limited-retries",
                String.valueOf(MAX_RATE_LIMITED_RETRIES)));
    }
}
