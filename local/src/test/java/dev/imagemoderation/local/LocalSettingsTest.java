package dev.imagemoderation.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.aws.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSettingsTest {

    /** Only the prefix of a bot token, so that nothing in the source looks like a real token. */
    private static final String BOT_SHAPED_VALUE = "xox" + "b-" + "looks-like-a-bot-token";

    @TempDir
    Path dir;

    @Test
    void noSlackSettingsAtAll_isTheDemo_onEmbeddedDefaults() {
        LocalSettings s = LocalSettings.load(null, Map.of("PATH", "/usr/bin", "HOME", "/root"));
        assertThat(s.mode()).isEqualTo(LocalSettings.Mode.DEMO);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.dataDir()).isEqualTo(Path.of("local-data"));
        assertThat(s.functionEnv()).doesNotContainKeys("PATH", "HOME");
    }

    @Test
    void aRealWorkspace_getsTheEnsemble_unlessAModelIsNamed_andTheDemoDoesNotChooseHere() {
        Map<String, String> slack = Map.of(
                "SLACK_BOT_TOKEN", "b", "SLACK_ADMIN_TOKEN", "a", "SLACK_APP_TOKEN", "x", "MODERATORS_CHANNEL", "C0");
        assertThat(LocalSettings.load(null, slack).functionEnv()).containsEntry("DETECTOR_MODEL", "ensemble");

        Map<String, String> named = new java.util.HashMap<>(slack);
        named.put("DETECTOR_MODEL", "inception_v3");
        assertThat(LocalSettings.load(null, named).functionEnv()).containsEntry("DETECTOR_MODEL", "inception_v3");

        assertThat(LocalSettings.load(null, Map.of()).functionEnv())
                .as("the demo picks the model its images were chosen for (DemoSlack)")
                .doesNotContainKey("DETECTOR_MODEL");
    }

    @Test
    void aDetectorEndpointAndTestOrigins_areChecked_andPassedToTheFunctions() {
        assertThatThrownBy(() -> LocalSettings.load(
                        null,
                        Map.of(
                                "DETECTOR_ENDPOINT", "ftp://detector",
                                "TEST_ONLY_REMOTE_IMAGE_ORIGINS",
                                        "http://127.0.0.1:8123/images,http://127.0.0.1:8124")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DETECTOR_ENDPOINT=ftp://detector is not an http(s) URL")
                .hasMessageContaining("http://127.0.0.1:8123/images is not an origin")
                .hasMessageNotContaining("http://127.0.0.1:8124 is not");

        LocalSettings s = LocalSettings.load(
                null,
                Map.of(
                        "DETECTOR_ENDPOINT",
                        "http://10.0.0.5:3001",
                        "TEST_ONLY_REMOTE_IMAGE_ORIGINS",
                        "http://127.0.0.1:8124"));
        assertThat(s.functionEnv())
                .containsEntry("DETECTOR_ENDPOINT", "http://10.0.0.5:3001")
                .containsEntry("TEST_ONLY_REMOTE_IMAGE_ORIGINS", "http://127.0.0.1:8124");
    }

    @Test
    void aFileGivesSettings_andTheEnvironmentOverridesIt() throws Exception {
        Path file = dir.resolve("local.properties");
        Files.writeString(file, """
                SLACK_BOT_TOKEN=bot-from-file
                SLACK_ADMIN_TOKEN=admin-from-file
                SLACK_APP_TOKEN=app-from-file
                MODERATORS_CHANNEL=C0MODS
                LOCAL_PORT=4000
                POLICY=strict
                """);
        LocalSettings s = LocalSettings.load(file, Map.of("LOCAL_PORT", "4100", "SLACK_BOT_TOKEN", "bot-from-env"));
        assertThat(s.mode()).isEqualTo(LocalSettings.Mode.SLACK);
        assertThat(s.port()).isEqualTo(4100);
        assertThat(s.socketMode()).isTrue();
        assertThat(s.httpIntake()).isFalse();
        assertThat(s.functionEnv())
                .containsEntry("SLACK_BOT_TOKEN", "bot-from-env")
                .containsEntry("POLICY", "strict")
                .doesNotContainKey("LOCAL_PORT");
    }

    @Test
    void everyProblem_isNamed_atOnce() throws Exception {
        Path file = dir.resolve("local.properties");
        Files.writeString(file, """
                SLACK_BOT_TOKN=typo
                SLACK_ADMIN_TOKEN=%s
                LOCAL_PORT=eighty
                DETECTOR_MODEL=resnet
                POLICY=/no/such/policy.yaml
                """.formatted(BOT_SHAPED_VALUE));
        assertThatThrownBy(() -> LocalSettings.load(file, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown setting SLACK_BOT_TOKN")
                .hasMessageContaining("SLACK_BOT_TOKEN is missing")
                .hasMessageContaining("MODERATORS_CHANNEL is missing")
                .hasMessageContaining("no intake: set SLACK_APP_TOKEN")
                .hasMessageContaining(
                        "SLACK_ADMIN_TOKEN must be the admin's user token (xoxp-...), but it starts with xoxb-")
                .hasMessageContaining("LOCAL_PORT=eighty is not a port number")
                .hasMessageContaining("DETECTOR_MODEL=resnet is not a model")
                .hasMessageContaining("POLICY=/no/such/policy.yaml")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("looks-like-a-bot-token"));
    }

    @Test
    void aSlackApiUrlOffTheAllowlist_isRefused_soNoTokenLeavesForIt() {
        assertThatThrownBy(() -> LocalSettings.load(
                        null,
                        Map.of(
                                "SLACK_BOT_TOKEN",
                                "b",
                                "SLACK_ADMIN_TOKEN",
                                "a",
                                "SLACK_SIGNING_SECRET",
                                "s",
                                "MODERATORS_CHANNEL",
                                "C1",
                                "SLACK_API_URL",
                                "https://collector.example/api/")))
                .hasMessageContaining("SLACK_API_URL=https://collector.example/api/ is not on the token allowlist");
    }

    @Test
    void theIntakePort_defaultsTo3001_andMayNotBeTheConsolesPort() {
        assertThat(LocalSettings.load(null, Map.of()).functionEnv()).containsEntry("LOCAL_INTAKE_PORT", "3001");
        assertThatThrownBy(() -> LocalSettings.load(null, Map.of("LOCAL_PORT", "4000", "LOCAL_INTAKE_PORT", "4000")))
                .hasMessageContaining("LOCAL_INTAKE_PORT must differ from LOCAL_PORT");
    }

    @Test
    void aConsoleBeyondThisMachine_needsAPassword() {
        assertThatThrownBy(() -> LocalSettings.load(null, Map.of("LOCAL_HOST", "0.0.0.0")))
                .hasMessageContaining("LOCAL_HOST=0.0.0.0")
                .hasMessageContaining("CONSOLE_PASSWORD");
        LocalSettings s = LocalSettings.load(null, Map.of("LOCAL_HOST", "0.0.0.0", "CONSOLE_PASSWORD", "pw"));
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.functionEnv()).containsEntry("CONSOLE_PASSWORD", "pw");
    }

    @Test
    void anUnreadableFile_isNamed() {
        assertThatThrownBy(() -> LocalSettings.load(dir.resolve("missing.properties"), Map.of()))
                .hasMessageContaining("missing.properties cannot be read");
    }
}
