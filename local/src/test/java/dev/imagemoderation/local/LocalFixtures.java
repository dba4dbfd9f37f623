package dev.imagemoderation.local;

import dev.imagemoderation.asl.Execution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What several local-mode tests share. */
final class LocalFixtures {

    private LocalFixtures() {}

    /** A policy that removes whatever the model reports, so a test's outcome does not hang on a score. */
    static Path removeAnythingPolicy(Path dir) throws IOException {
        Path policy = dir.resolve("remove-anything.yaml");
        Files.writeString(policy, """
                # TEST ONLY: removes whatever the model reports at any confidence
                name: remove-anything
                taxonomyVersion: 7
                thresholds:
                  Non-Explicit Nudity of Intimate parts and Kissing: { remove: 0 }
                """);
        return policy;
    }

    /** Waits (up to a minute) until {@code count} executions exist and none is running. */
    static void awaitFinished(LocalRuntime runtime, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline
                && (runtime.workflow().list().size() < count
                        || runtime.workflow().list().stream().anyMatch(e -> e.status() == Execution.Status.RUNNING))) {
            Thread.sleep(50);
        }
    }
}
