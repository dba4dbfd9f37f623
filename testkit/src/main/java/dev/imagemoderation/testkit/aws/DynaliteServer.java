package dev.imagemoderation.testkit.aws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dynalite, a DynamoDB protocol server on Node (pinned in the root {@code package-lock.json}), as a child
 * process on a free loopback port: the real wire protocol for the DynamoDB adapter's tests, with no Docker and
 * no account. It dies with the JVM (it exits when its stdin closes).
 */
public final class DynaliteServer implements AutoCloseable {

    private static final String LAUNCH = "const d = require(process.argv[1]);"
            + "const s = d({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0});"
            + "s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));"
            + "process.stdin.on('end', () => process.exit(0)); process.stdin.resume();";

    private final Process process;
    private final URI endpoint;

    private DynaliteServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static DynaliteServer start() {
        Path root = repositoryRoot();
        Path module = root.resolve("node_modules/dynalite");
        installIfMissing(root, module);
        try {
            Process p = new ProcessBuilder("node", "-e", LAUNCH, module.toString())
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("port ")) {
                p.destroyForcibly();
                throw new IllegalStateException("dynalite did not start: " + line);
            }
            Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "dynalite-output");
            drain.setDaemon(true);
            drain.start();
            return new DynaliteServer(
                    p, URI.create("http://127.0.0.1:" + line.substring(5).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start dynalite (is node on the PATH?)", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** npm ci at the root, once, under a file lock so that two test JVMs never install at the same time. */
    private static void installIfMissing(Path root, Path module) {
        if (Files.exists(module.resolve("package.json"))) {
            return;
        }
        try (FileChannel lockFile = FileChannel.open(
                        root.resolve("target").resolve("npm-install.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (!lock.isValid() || Files.exists(module.resolve("package.json"))) {
                return;
            }
            // Not inheritIO: a test JVM's stdin and stdout are surefire's channel to Maven, and npm must touch neither.
            Path log = root.resolve("target").resolve("npm-install.log");
            Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"))
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException(
                        "npm ci at " + root + " failed; dynalite is not installed (see " + log + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing dynalite", e);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("package-lock.json")) && Files.exists(dir.resolve("mvnw"))) {
                try {
                    Files.createDirectories(dir.resolve("target"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside the repository: no package-lock.json above " + Path.of(""));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
