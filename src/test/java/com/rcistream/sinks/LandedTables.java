package com.rcistream.sinks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.connect.runtime.AbstractStatus;

/** What a sink test reads of the tables a connector lands in PostgreSQL: their keys, columns and values. */
final class LandedTables {

    private final PostgresServer postgres;
    private final Supplier<ConnectWorker> connect;
    private final String connector;

    LandedTables(PostgresServer postgres, Supplier<ConnectWorker> connect, String connector) {
        this.postgres = postgres;
        this.connect = connect;
        this.connector = connector;
    }

    /**
     * Each table with its key column, as docs/sinks.md says: Debezium's sink 3.6 fails creating a table from a
     * tombstone ("data" is null), and a topic may well begin with one; it adds the other columns itself.
     */
    void create(String... tables) throws SQLException {
        try (Connection db = postgres.connect();
                Statement sql = db.createStatement()) {
            for (String table : tables) {
                sql.execute("CREATE TABLE \"" + table + "\" (id text PRIMARY KEY)");
            }
        }
    }

    /** Waits until the table holds exactly these keys; fails at once when the sink's task failed. */
    void awaitRows(String table, Set<String> ids) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the sink's task failed", this::taskFailed)
                .untilAsserted(() -> assertEquals(ids, keys(table), table));
    }

    private boolean taskFailed() {
        return connect.get().status(connector).tasks().stream()
                .anyMatch(t -> AbstractStatus.State.FAILED.name().equals(t.state()));
    }

    private Set<String> keys(String table) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Connection db = postgres.connect();
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT id FROM \"" + table + "\"")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return keys; // the sink has not created the table yet
            }
            throw e;
        }
        return keys;
    }

    /** One column of one row, as text. */
    String value(String table, String id, String column) throws SQLException {
        try (Connection db = postgres.connect();
                Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery(
                        "SELECT \"" + column + "\"::text FROM \"" + table + "\" WHERE id = '" + id + "'")) {
            assertTrue(row.next(), id + " in " + table);
            return row.getString(1);
        }
    }

    /** The table's columns and their types (bigint, boolean, text, _text for text[], ...). */
    Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (Connection db = postgres.connect();
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(
                        "SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = '" + table
                                + "'")) {
            while (rows.next()) {
                types.put(rows.getString(1), rows.getString(2));
            }
        }
        Map<String, String> named = new HashMap<>();
        types.forEach((column, udt) -> named.put(
                column,
                switch (udt) {
                    case "int8" -> "bigint";
                    case "bool" -> "boolean";
                    case "float8" -> "double precision";
                    default -> udt;
                }));
        return named;
    }
}
