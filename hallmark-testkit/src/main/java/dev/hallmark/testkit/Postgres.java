package dev.hallmark.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a temporary directory (trust
 * authentication), {@code postgres} on a free port of 127.0.0.1 with its socket in that directory,
 * stopped and deleted on {@link #close()}. Start one per test class and take a {@link #newDatabase()}
 * per test; tests are skipped (a JUnit assumption) when no PostgreSQL is installed.
 *
 * <p>PostgreSQL refuses to run as root. As root (containers, CI) the server runs as {@code nobody}
 * through {@code setpriv}, and the temporary directory is handed to that user.
 *
 * {@snippet :
 * static Postgres pg;
 * @BeforeAll static void startPostgres() { pg = Postgres.startOrSkip(); }
 * @AfterAll static void stopPostgres() { pg.close(); }
 * @BeforeEach void setUp() { store = new JdbcStore(Postgres.dataSource(pg.newDatabase())); }
 * }
 */
public final class Postgres implements AutoCloseable {
  private static final String SUPERUSER = "hallmark";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final String RUN_AS = "nobody";

  private final Path dir;
  private final Process server;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();
  private final Thread shutdownHook;

  private Postgres(Path dir, Process server, int port) {
    this.dir = dir;
    this.server = server;
    this.port = port;
    this.shutdownHook = new Thread(this::stop, "postgres-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The directory holding {@code initdb}, {@code postgres}: the PATH first, then Debian's layout. */
  public static Optional<Path> binDir() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String p : path.split(":")) {
        if (!p.isEmpty()) {
          candidates.add(Path.of(p));
        }
      }
    }
    // Debian's postgresql package keeps its binaries off the PATH: /usr/lib/postgresql/<major>/bin
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> majors = Files.list(debian)) {
        majors.map(m -> m.resolve("bin"))
            .sorted(Comparator.comparing((Path p) -> majorOf(p)).reversed())
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (Path c : candidates) {
      if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("postgres"))) {
        return Optional.of(c.resolve("postgres").toAbsolutePath().normalize().getParent());
      }
    }
    return Optional.empty();
  }

  private static int majorOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Starts a server, or skips the calling test (class) when PostgreSQL is not installed.
   *
   * @throws IllegalStateException when PostgreSQL is installed but does not start
   */
  public static Postgres startOrSkip() {
    Optional<Path> bin = binDir();
    Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL (initdb, postgres) is not installed");
    try {
      return start(bin.get());
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PostgreSQL from " + bin.get() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  private static Postgres start(Path bin) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("hallmark-pg-");
    List<String> runAs = List.of();
    if (isRoot(dir)) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName(RUN_AS));
      runAs = List.of("setpriv", "--reuid=" + RUN_AS, "--regid=" + groupOf(RUN_AS), "--clear-groups", "--");
    }
    Path data = dir.resolve("data");
    Path log = dir.resolve("postgres.log");
    List<String> initdb = new ArrayList<>(runAs);
    initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
        "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"));
    run(initdb, dir.resolve("initdb.log"));
    int port = freePort();
    List<String> postgres = new ArrayList<>(runAs);
    postgres.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
        "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
        // a test database: durability is not wanted, speed is
        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        "-c", "max_connections=200", "-c", "shared_buffers=32MB"));
    Process server = new ProcessBuilder(postgres).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    var pg = new Postgres(dir, server, port);
    try {
      pg.awaitReady(log);
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
    return pg;
  }

  private static boolean isRoot(Path owned) throws IOException {
    return ((Integer) Files.getAttribute(owned, "unix:uid")) == 0;
  }

  private static String groupOf(String user) throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-gn", user).redirectErrorStream(true).start();
    String out = new String(id.getInputStream().readAllBytes()).strip();
    if (id.waitFor() != 0 || out.isEmpty()) {
      throw new IOException("no group of user " + user + ": " + out);
    }
    return out;
  }

  private static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command.getFirst() + " timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IOException("postgres exited " + server.exitValue() + ": " + Files.readString(log));
      }
      try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"))) {
        return;
      } catch (SQLException e) {
        last = e;
        Thread.sleep(50);
      }
    }
    throw new IOException("postgres did not accept connections within " + START_TIMEOUT + ": "
        + (last == null ? "" : last.getMessage()) + "\n" + Files.readString(log));
  }

  /** The port the server listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The JDBC URL of one database on this server, as the superuser (trust authentication). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
  }

  /** Creates an empty database and returns its JDBC URL. */
  public String newDatabase() {
    String name = "test" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  /** An unpooled data source of a JDBC URL from {@link #newDatabase()}. */
  public static DataSource dataSource(String jdbcUrl) {
    var ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    return ds;
  }

  /** Stops the server (fast shutdown, by its process) and deletes its directory. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs stop() itself
    }
  }

  private synchronized void stop() {
    if (server.isAlive()) {
      // SIGTERM would wait for clients to leave ("smart"); SIGINT is PostgreSQL's fast shutdown
      try {
        new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor(5, TimeUnit.SECONDS);
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (IOException e) {
        server.destroyForcibly();
      } catch (InterruptedException e) {
        server.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a leftover file in the temp dir is harmless
        }
      });
    } catch (IOException e) {
      // same
    }
  }

  /**
   * One server per test class, for tests that run a store's contract on PostgreSQL:
   * {@snippet :
   * @RegisterExtension static final Postgres.PerClass POSTGRES = new Postgres.PerClass();
   * DataSource newDatabase() { return POSTGRES.newDataSource(); }
   * }
   * The class is skipped when PostgreSQL is not installed.
   */
  public static final class PerClass implements org.junit.jupiter.api.extension.BeforeAllCallback,
      org.junit.jupiter.api.extension.AfterAllCallback {
    private Postgres server;

    @Override
    public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
      server = startOrSkip();
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
      if (server != null) {
        server.close();
        server = null;
      }
    }

    /** A new empty database on this class's server. */
    public DataSource newDataSource() {
      return dataSource(server.newDatabase());
    }
  }
}
