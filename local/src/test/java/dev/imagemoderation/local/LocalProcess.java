package dev.imagemoderation.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Local mode as {@code ./run-local.sh} starts it, in a JVM of its own: the built classes and
 * the dependencies {@code package} copied, settings in the environment. For tests that kill
 * it as the operating system would.
 */
final class LocalProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<URI> intakeUrl = new CompletableFuture<>();

    private LocalProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().name("local-process-output").start(this::readOutput);
    }

    /** Starts {@code LocalMain} and waits until its banner names the Slack intake URL. */
    static LocalProcess start(Path moduleDir, Map<String, String> env, Path log, Duration timeout) throws Exception {
        Path classes = moduleDir.resolve("target/classes");
        Path dependencies = moduleDir.resolve("target/dependency");
        if (!Files.isDirectory(dependencies)) {
            throw new IllegalStateException(dependencies + " is missing: it is copied at package, before this test");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dlogback.configurationFile=local-logback.xml",
                        "-cp",
                        classes + ":" + dependencies + "/*",
                        LocalMain.class.getName())
                .redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        LocalProcess local = new LocalProcess(builder.start());
        try {
            local.intakeUrl.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            local.kill();
            throw new IllegalStateException(
                    "local mode did not start in " + timeout + "; it printed " + local.lines, e);
        }
        return local;
    }

    private void readOutput() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                System.out.println("[local] " + line);
                if (line.contains("Slack events (Request URL")) {
                    intakeUrl.complete(URI.create(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        intakeUrl.completeExceptionally(new IllegalStateException("exited with " + lines));
    }

    URI intakeUrl() {
        return intakeUrl.join();
    }

    /** {@code kill -9}: no shutdown hook, nothing flushed that was not already written. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Ctrl-C, as an operator stops it: the shutdown hook runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
