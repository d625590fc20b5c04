package org.amana.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL (zonky's embedded binaries, PostgreSQL 17) for the single-machine run: its data
 * lives in a folder the operator chooses and survives restarts. It listens on 127.0.0.1 only, with
 * no Unix socket, and requires a password (scram-sha-256) that is generated on first start and kept
 * in that folder, so that other local users cannot simply connect.
 *
 * <p>Layout of the folder: {@code pgdata/} (PostgreSQL's data directory) and {@code password}
 * (mode 0600). Back it up only while stopped, or use {@code pg_dump}; the bytes in it are sealed.
 *
 * <p>{@link #start} and {@link #close} block for seconds: call them before Vert.x serves, or from a
 * worker thread.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final DatabaseConfig config;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.config = new DatabaseConfig("127.0.0.1", postgres.getPort(), DATABASE, USER, password, "disable",
                DatabaseConfig.DEFAULT_POOL_SIZE);
    }

    /** Starts PostgreSQL on a free port with its data in {@code folder} (created if missing). */
    public static EmbeddedDatabase start(Path folder) throws IOException {
        return start(folder, 0);
    }

    /** Starts PostgreSQL on {@code port} (0: any free port) with its data in {@code folder} (created if missing). */
    public static EmbeddedDatabase start(Path folder, int port) throws IOException {
        Files.createDirectories(folder);
        Path pgdata = folder.resolve("pgdata");
        Path passwordFile = folder.resolve("password");
        boolean fresh = !Files.exists(pgdata.resolve("PG_VERSION"));
        if (fresh) {
            writePassword(passwordFile);
        } else if (!Files.exists(passwordFile)) {
            throw new IOException(passwordFile + " is missing: restore it from the backup of " + folder
                    + ", or move " + pgdata + " away to start with an empty database");
        }
        String password = Files.readString(passwordFile).strip();
        stopOrphan(pgdata);

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(pgdata)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "''")
                // The library's defaults trade durability for test speed (-F and synchronous_commit=off).
                // A receipt is shown only after its commit is on disk, so both go back on.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // Arguments to initdb (the library passes them as --key=value after its own "-A trust"):
                // a superuser password and password authentication for every connection.
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setLocaleConfig("auth-host", "scram-sha-256")
                .setLocaleConfig("auth-local", "scram-sha-256")
                .setConnectConfig("password", password)
                .start();
        return new EmbeddedDatabase(postgres, password);
    }

    /**
     * How to connect to the embedded PostgreSQL that another live process (a serving gateway)
     * started on {@code folder}, so that operator commands can run beside it; empty when none runs.
     */
    public static java.util.Optional<DatabaseConfig> running(Path folder) throws IOException {
        Path pgdata = folder.resolve("pgdata");
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile) || !ownerIsAlive(pgdata.resolve("epg-lock"))) {
            return java.util.Optional.empty();
        }
        // postmaster.pid: line 4 is the port (PostgreSQL's documented layout of that file).
        java.util.List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) {
            return java.util.Optional.empty();
        }
        String password = Files.readString(folder.resolve("password")).strip();
        return java.util.Optional.of(new DatabaseConfig("127.0.0.1", Integer.parseInt(lines.get(3).strip()), DATABASE, USER,
                password, "disable", 2));
    }

    /** How to connect: 127.0.0.1, this port, the superuser and its password. */
    public DatabaseConfig config() {
        return config;
    }

    public int port() {
        return postgres.getPort();
    }

    /** Stops PostgreSQL cleanly (a fast shutdown: open sessions are ended, committed data is on disk). */
    @Override
    public void close() throws IOException {
        postgres.close();
    }

    private static void writePassword(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
    }

    /**
     * When the process that started PostgreSQL was killed (SIGKILL, power to the JVM only), the server
     * keeps running and holds the data directory, so the next start would fail. If no process holds
     * the library's lock on the folder, the owner is gone: stop its server (SIGTERM, a smart shutdown;
     * the dead process's sessions are closed already) and wait for it.
     */
    private static void stopOrphan(Path pgdata) throws IOException {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile) || ownerIsAlive(pgdata.resolve("epg-lock"))) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        var orphan = ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("/postgres"));
        if (orphan.isEmpty()) {
            return; // a stale pid file: PostgreSQL checks and ignores it itself
        }
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the PostgreSQL left running by a killed process (pid " + pid
                    + ") did not stop within 60 s; stop it, then start again", e);
        }
    }

    private static boolean ownerIsAlive(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true; // this very JVM holds it
        }
    }
}
