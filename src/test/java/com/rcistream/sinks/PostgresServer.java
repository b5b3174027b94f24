package com.rcistream.sinks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.rcistream.testing.KafkaAndHttpPorts;

/**
 * A real PostgreSQL cluster of its own (Debian's binaries, /usr/lib/postgresql/<version>/bin): initdb into a temporary
 * directory, started on 127.0.0.1 on a free port with no Unix socket, trust authentication for the one user, stopped
 * and deleted by {@link #close()}. PostgreSQL refuses to run as root: as root, it runs as the postgres user.
 */
final class PostgresServer implements AutoCloseable {

    static final String USER = "rci", DATABASE = "rci";

    private final Path bin;
    private final Path data;
    private final int port;

    private PostgresServer(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** A fresh cluster, running once this returns. */
    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path data = Files.createTempDirectory("rci-postgres");
        PostgresServer server = new PostgresServer(bin, data.resolve("cluster"), KafkaAndHttpPorts.freePort());
        if (root()) {
            run(List.of("chown", "postgres", data.toString()));
        }
        server.pg("initdb", "-D", server.data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync");
        server.pg(
                "pg_ctl",
                "-D",
                server.data.toString(),
                "-w",
                "-l",
                data.resolve("server.log").toString(),
                "-o",
                "-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -p " + server.port + " -c fsync=off",
                "start");
        server.pg("createdb", "-h", "127.0.0.1", "-p", String.valueOf(server.port), "-U", USER, DATABASE);
        return server;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            pg("pg_ctl", "-D", data.toString(), "-w", "-m", "fast", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(data.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void pg(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest PostgreSQL's binaries installed; .ci/run installs Debian's postgresql package when there is none. */
    private static Path binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            throw new IOException("no PostgreSQL under /usr/lib/postgresql: apt-get install -y postgresql");
        }
        try (Stream<Path> installed = Files.list(versions)) {
            return installed
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparing(
                            v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IOException("no initdb under /usr/lib/postgresql/*/bin"));
        }
    }
}
