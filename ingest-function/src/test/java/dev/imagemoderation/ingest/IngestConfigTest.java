package dev.imagemoderation.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.aws.ConfigurationException;
import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {

    private static final Secrets SECRETS = new Secrets(() -> null, Clock.systemUTC());

    @Test
    void from_policyFile_suppliesTheExemptChannels(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                taxonomyVersion: 7
                thresholds:
                  Explicit: { remove: 80 }
                exemptChannels: [ C0ARTCLASS, G0NURSING1 ]
                """);

        var config = IngestConfig.from(
                Env.of(Map.of(
                        "QUEUE_URL",
                        "http://q",
                        "POLICY",
                        policy.toString(),
                        "EXEMPT_BOT_IDS",
                        "B0TRUSTED1",
                        "SLACK_BOT_ID",
                        "B0MODBOT01")),
                SECRETS);

        assertThat(config.rules().exemptChannels()).containsExactlyInAnyOrder("C0ARTCLASS", "G0NURSING1");
        assertThat(config.rules().exemptBotIds()).containsExactly("B0TRUSTED1");
        assertThat(config.rules().ownBotId()).isEqualTo("B0MODBOT01");
    }

    @Test
    void from_invalidPolicy_stopsNamingTheSettingAndTheLine(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "taxonomyVersion: 7\nthresholds:\n  Suggestive: { review: 60 }\n");

        assertThatThrownBy(() -> IngestConfig.from(
                        Env.of(Map.of("QUEUE_URL", "http://q", "POLICY", policy.toString())), SECRETS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("POLICY=")
                .hasMessageContaining("line 3: 'Suggestive' is a taxonomy v6 label");
    }

    @Test
    void from_missingQueueUrl_stopsNamingIt() {
        assertThatThrownBy(() -> IngestConfig.from(Env.of(Map.of()), SECRETS)).hasMessageContaining("QUEUE_URL");
    }
}
