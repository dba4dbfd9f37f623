package dev.imagemoderation.local;

import static dev.imagemoderation.slackemulator.SampleWorkspace.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.core.slack.HostAllowlist;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With CONSOLE_PASSWORD set the console and metrics ask for it; the Slack intake never does. */
class ConsoleLoginTest {

    private static final Map<String, String> SETTINGS = Map.of(
            "SLACK_SIGNING_SECRET", "secret",
            "SLACK_BOT_TOKEN", BOT_TOKEN,
            "SLACK_ADMIN_TOKEN", ADMIN_TOKEN,
            "MODERATORS_CHANNEL", MODERATORS);

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (password != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder().encodeToString(("ops:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withAPassword_theConsoleAndMetricsAskForIt_andTheIntakeDoesNot(@TempDir Path dir) throws Exception {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.put(LocalSettings.CONSOLE_PASSWORD, "correct horse");
        try (LocalRuntime runtime = new LocalRuntime(dir, settings, "127.0.0.1", 0)) {
            URI info = runtime.consoleUrl().resolve("/api/info");

            HttpResponse<String> anonymous = get(info, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(get(info, "wrong").statusCode()).isEqualTo(401);
            assertThat(get(info, "correct horse").statusCode()).isEqualTo(200);
            assertThat(get(runtime.metricsUrl(), null).statusCode()).isEqualTo(401);
            assertThat(get(runtime.metricsUrl(), "correct horse").statusCode()).isEqualTo(200);
            assertThat(runtime.consoleLogin()).isTrue();

            HttpResponse<String> intake = http.send(
                    HttpRequest.newBuilder(runtime.slackEventsUrl())
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(intake.statusCode())
                    .as("Slack's signature check answers, not a login")
                    .isEqualTo(401);
            assertThat(intake.headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }

    @Test
    void theSlackIntake_andTheConsole_neverShareAListener(@TempDir Path dir) throws Exception {
        try (LocalRuntime runtime = new LocalRuntime(dir, SETTINGS, "127.0.0.1", 0)) {
            URI intake = runtime.slackEventsUrl();
            URI console = runtime.consoleUrl();

            assertThat(intake.getPort()).isNotEqualTo(console.getPort());
            assertThat(get(intake.resolve("/"), null).statusCode()).isEqualTo(404);
            assertThat(get(intake.resolve("/api/info"), null).statusCode()).isEqualTo(404);
            assertThat(get(intake.resolve("/metrics"), null).statusCode()).isEqualTo(404);
            assertThat(get(console.resolve("/api/info"), null).statusCode()).isEqualTo(200);
            HttpResponse<String> eventsOnConsole = http.send(
                    HttpRequest.newBuilder(console.resolve("/slack/events"))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(eventsOnConsole.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void beyondLoopback_withoutAPassword_refusesToStart(@TempDir Path dir) {
        assertThatThrownBy(() -> new LocalRuntime(dir, SETTINGS, "0.0.0.0", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(LocalSettings.CONSOLE_PASSWORD);
        assertThat(HostAllowlist.isLoopback("127.0.0.1")).isTrue();
        assertThat(HostAllowlist.isLoopback("0.0.0.0")).isFalse();
    }
}
