package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.detector.RekognitionEndpoint;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails half-way leaves nothing running: what it had started is closed before the error leaves. */
class LocalRuntimeStartFailureTest {

    @Test
    void constructor_portTaken_closesEverythingStartedBefore_andTheDataDirStartsAgain(@TempDir Path dir)
            throws Exception {
        Map<String, String> settings = Map.of(
                "SLACK_SIGNING_SECRET", "secret",
                "SLACK_BOT_TOKEN", BOT_TOKEN,
                "SLACK_ADMIN_TOKEN", ADMIN_TOKEN,
                "MODERATORS_CHANNEL", MODERATORS);
        StartedResources started = new StartedResources();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new LocalRuntime(dir, settings, "127.0.0.1", taken.getLocalPort(), null, started))
                    .isInstanceOf(BindException.class);
        }
        // The queue, the bucket, the detector's endpoint and the runner were up when the console's port failed.
        assertThat(started.kept()).isEmpty();
        assertThat(started.closed()).hasSizeGreaterThanOrEqualTo(6);
        RekognitionEndpoint endpoint = started.closed().stream()
                .filter(RekognitionEndpoint.class::isInstance)
                .map(RekognitionEndpoint.class::cast)
                .findFirst()
                .orElseThrow();
        assertThatThrownBy(() -> {
                    try (Socket s = new Socket(
                            endpoint.endpoint().getHost(), endpoint.endpoint().getPort())) {
                        s.getOutputStream().write(1);
                    }
                })
                .as("the detector endpoint's port is closed")
                .isInstanceOf(IOException.class);

        // Nothing holds the data directory: the same one starts cleanly.
        try (LocalRuntime again = new LocalRuntime(dir, settings, "127.0.0.1", 0)) {
            assertThat(again.consoleUrl()).isNotNull();
        }
    }
}
