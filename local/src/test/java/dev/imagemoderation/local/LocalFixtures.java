package dev.imagemoderation.local;

import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.slackemulator.SampleWorkspace;
import dev.imagemoderation.slackemulator.SlackEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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

    /**
     * Local mode's settings for the sample workspace on {@code slack}, with HTTP intake signed
     * by {@code signingSecret}; a mutable copy, for a test to add its own.
     */
    static Map<String, String> slackSettings(SlackEmulator slack, String signingSecret) {
        return new HashMap<>(Map.of(
                "SLACK_SIGNING_SECRET", signingSecret,
                "SLACK_BOT_TOKEN", SampleWorkspace.BOT_TOKEN,
                "SLACK_ADMIN_TOKEN", SampleWorkspace.ADMIN_TOKEN,
                "SLACK_API_URL", slack.apiUrl(),
                "SLACK_ALLOWED_HOSTS", slack.host(),
                "SLACK_BOT_ID", SampleWorkspace.BOT_ID,
                "MODERATORS_CHANNEL", SampleWorkspace.MODERATORS));
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
