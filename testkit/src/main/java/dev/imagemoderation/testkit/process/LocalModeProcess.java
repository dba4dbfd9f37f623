package dev.imagemoderation.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Local mode as {@code ./run-local.sh} starts it, in a JVM of its own, settings in the
 * environment: for tests that kill it as the operating system would, and for benchmarks that
 * must not count the Slack emulator's work as ours.
 */
public final class LocalModeProcess implements AutoCloseable {

    private static final String MAIN = "dev.imagemoderation.local.LocalMain";

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<URI> intakeUrl = new CompletableFuture<>();

    private LocalModeProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().name("local-process-output").start(this::readOutput);
    }

    /** What {@code ./run-local.sh} runs: the local module's classes and the dependencies {@code package} copied. */
    public static String builtClasspath(Path localModuleDir) {
        Path dependencies = localModuleDir.resolve("target/dependency");
        if (!Files.isDirectory(dependencies)) {
            throw new IllegalStateException(dependencies + " is missing: it is copied at package");
        }
        return localModuleDir.resolve("target/classes") + ":" + dependencies + "/*";
    }

    /**
     * Starts {@code LocalMain} with the JDK running this JVM and waits until its banner names the
     * Slack intake URL. Its standard error goes to {@code log}; its standard output is echoed here.
     */
    public static LocalModeProcess start(
            String classpath, List<String> jvmArgs, Map<String, String> env, Path log, Duration timeout)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-Dlogback.configurationFile=local-logback.xml", "-cp", classpath, MAIN));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        LocalModeProcess local = new LocalModeProcess(builder.start());
        try {
            local.intakeUrl.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            local.process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(
                    "local mode did not start in " + timeout + "; it printed " + local.lines, e);
        }
        return local;
    }

    /** The CPU time the process has used so far. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
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

    public URI intakeUrl() {
        return intakeUrl.join();
    }

    /** {@code kill -9}: no shutdown hook, nothing flushed that was not already written. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Ctrl-C, as an operator stops it: the shutdown hook runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
