package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.imagemoderation.core.errors.SlackUnavailableException;
import dev.imagemoderation.core.errors.WorkflowErrors;
import dev.imagemoderation.core.slack.HostAllowlist;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hardening issue, item 5: a body that stalls after its headers fails fast, with an error the workflow retries. */
class SlackDownloaderDeadlineTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void download_headersThenAStall_failsWithinTheDeadline_asARetryableError() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files-pri/T1-F1/stall.png", ex -> {
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, 100_000);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[1000]);
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS); // never sends the rest
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files-pri/T1-F1/stall.png";
        SlackDownloader downloader = new SlackDownloader(
                HostAllowlist.slackPlus(Set.of("127.0.0.1")), () -> "emulator-bot", 1_000_000, Duration.ofMillis(500));

        long start = System.nanoTime();
        assertThatThrownBy(() -> downloader.download(url))
                .isInstanceOf(SlackUnavailableException.class)
                .hasMessageContaining("stalled");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(WorkflowErrors.RETRYABLE).contains(SlackUnavailableException.class);
    }
}
