package dutygraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Neo4j Community with Bolt on 127.0.0.1:PORT, auth on, for dutygraph's tests and `make neo4j`.
 * Usage: Neo4jLauncher --port 7687 --data DIR --user neo4j --password SECRET
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        a.put("--port", "7687");
        a.put("--user", "neo4j");
        a.put("--pagecache-mb", "128");
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                fail("unexpected argument " + argv[i]);
            }
            a.put(argv[i], argv[i + 1]);
        }
        if (argv.length % 2 != 0 || a.get("--data") == null || a.get("--password") == null) {
            fail("usage: Neo4jLauncher --data DIR --password SECRET [--port 7687] [--user neo4j]");
        }
        int port = Integer.parseInt(a.get("--port"));
        String user = a.get("--user");
        String password = a.get("--password");
        Path home = Path.of(a.get("--data")).toAbsolutePath();
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // dutygraph loads a whole batch (a province) in one transaction: let the heap,
                // not the default 70 % share of it, bound a transaction's memory.
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, 0L)
                .setConfig(
                        GraphDatabaseSettings.pagecache_memory,
                        Long.parseLong(a.get("--pagecache-mb")) * 1024 * 1024)
                .build();
        // Before anything else: a SIGTERM (make neo4j-stop, the test wrapper's trap) must still
        // checkpoint and release the store lock, or the next start recovers or refuses.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> {
                    dbms.shutdown();
                    System.out.println("neo4j stopped");
                    stopped.countDown();
                }));
        try {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), user, password);
            // Wait until the default database is online, so the first client is not refused.
            if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(60_000)) {
                throw new IllegalStateException("the default database is not online after 60 s");
            }
        } catch (RuntimeException e) {
            // The DBMS threads would keep the JVM alive and the caller waiting for "ready".
            System.err.println("error: neo4j could not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("neo4j ready bolt://127.0.0.1:" + port + " user=" + user + " data=" + home);
        System.out.flush();
        stopped.await();
    }

    /**
     * The embedded API runs with full rights, so it sets the login the clients will use; OR
     * REPLACE also covers a restart on old data (ALTER refuses an unchanged password).
     */
    private static void setPassword(GraphDatabaseService system, String user, String password) {
        system.executeTransactionally(
                "CREATE OR REPLACE USER $user SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("user", user, "password", password));
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
