package graphkit.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Test-only Neo4j Community server: the embedded DBMS with the Bolt connector switched on.
 *
 * <pre>
 * java -cp 'target/classes:target/dependency/*' graphkit.testserver.Launcher PORT DIR
 *      [--auth USER:PASSWORD] [--exit-on-stdin-eof]
 * </pre>
 *
 * DIR is the DBMS home (data/, logs/ are created below it; an existing home, e.g. one filled by
 * {@code neo4j-admin database import full}, is opened as it is). Prints exactly one line
 * {@code GRAPHKIT-NEO4J READY bolt://127.0.0.1:PORT} on stdout once Bolt accepts connections and
 * shuts the DBMS down cleanly on SIGTERM/SIGINT. With {@code --exit-on-stdin-eof} it also shuts down
 * when its stdin is closed, so a test runner that dies does not leave an orphaned server behind.
 */
public final class Launcher {
    private static final String READY = "GRAPHKIT-NEO4J READY bolt://127.0.0.1:";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage("missing PORT and DIR");
        }
        int port;
        try {
            port = Integer.parseInt(args[0]);
        } catch (NumberFormatException e) {
            usage("PORT must be a number: " + args[0]);
            return;
        }
        Path home = Path.of(args[1]).toAbsolutePath();
        String user = null;
        String password = null;
        boolean stdinWatchdog = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--auth" -> {
                    if (i + 1 >= args.length) {
                        usage("--auth needs USER:PASSWORD");
                    }
                    String spec = args[++i];
                    int colon = spec.indexOf(':');
                    if (colon <= 0 || colon == spec.length() - 1) {
                        usage("--auth needs USER:PASSWORD");
                    }
                    user = spec.substring(0, colon);
                    password = spec.substring(colon + 1);
                }
                case "--exit-on-stdin-eof" -> stdinWatchdog = true;
                default -> usage("unknown argument: " + args[i]);
            }
        }
        boolean auth = user != null;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnector.thread_pool_max_size, 50)
                // The defaults wait 5 s each on shutdown even with no client connected.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache())
                .setConfig(GraphDatabaseSettings.tx_state_memory_allocation,
                        GraphDatabaseSettings.TransactionStateMemoryAllocation.ON_HEAP)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(16))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "graphkit-neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            if (auth) {
                setPassword(dbms, user, password);
            }
            // Make sure the default database is up before announcing readiness.
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            db.executeTransactionally("RETURN 1");
        } catch (Throwable t) {
            System.err.println("GRAPHKIT-NEO4J FAILED " + t);
            t.printStackTrace();
            System.exit(1);
        }

        System.out.println(READY + port);
        System.out.flush();

        if (stdinWatchdog) {
            Thread watchdog = new Thread(() -> {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                try {
                    while (in.read(buf) >= 0) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // treat like EOF
                }
                System.err.println("GRAPHKIT-NEO4J stdin closed, shutting down");
                System.exit(0); // runs the shutdown hook
            }, "graphkit-neo4j-stdin-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        stopped.await();
    }

    /**
     * The page cache size: 64 MiB (quick start for tests) unless the system property
     * {@code graphkit.pagecache} gives another, e.g. {@code -Dgraphkit.pagecache=1g} (k/m/g suffixes).
     */
    private static long pageCache() {
        String spec = System.getProperty("graphkit.pagecache", "").trim().toLowerCase();
        if (spec.isEmpty()) {
            return ByteUnit.mebiBytes(64);
        }
        long unit = switch (spec.charAt(spec.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        String digits = unit == 1L ? spec : spec.substring(0, spec.length() - 1);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            usage("-Dgraphkit.pagecache must be a size such as 512m or 2g: " + spec);
            return 0;
        }
    }

    /** Sets the password of {@code user} (creating the user if it is not the built-in neo4j user). */
    private static void setPassword(DatabaseManagementService dbms, String user, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        boolean exists = system.executeTransactionally(
                "SHOW USERS YIELD user WHERE user = $u RETURN count(*) AS n",
                Map.of("u", user),
                r -> ((Number) r.next().get("n")).longValue() > 0);
        String quoted = "`" + user.replace("`", "``") + "`";
        if (exists) {
            try {
                system.executeTransactionally(
                        "ALTER USER " + quoted + " SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
            } catch (RuntimeException e) {
                // Re-opening a home whose user already has this password: nothing to do.
                if (String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                    system.executeTransactionally("ALTER USER " + quoted + " SET PASSWORD CHANGE NOT REQUIRED");
                } else {
                    throw e;
                }
            }
        } else {
            system.executeTransactionally(
                    "CREATE USER " + quoted + " SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        }
    }

    private static void usage(String problem) {
        System.err.println("graphkit.testserver.Launcher: " + problem);
        System.err.println("usage: Launcher PORT DIR [--auth USER:PASSWORD] [--exit-on-stdin-eof]");
        System.exit(2);
    }
}
