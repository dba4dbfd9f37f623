package dev.imagemoderation.moderate;

import static dev.imagemoderation.slackemulator.SampleWorkspace.BOT_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.aws.Env;
import dev.imagemoderation.aws.Secrets;
import dev.imagemoderation.core.errors.FileUnreadableException;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.workflow.ImageFetch;
import dev.imagemoderation.testkit.images.TestImages;
import dev.imagemoderation.testkit.logging.LogCapture;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Hardening issue, item 4: a token as Secrets Manager returns it, with the newline it was pasted with,
 * works, and no error, cause or log line ever quotes a token.
 */
class SecretHandlingTest {

    private static ModerateFixture fx;

    @BeforeAll
    static void start() {
        fx = new ModerateFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /** Secrets Manager's answer for any ARN: the stand-in behind the client interface. */
    private static Secrets secretsManagerReturning(String value) {
        SecretsManagerClient client = new SecretsManagerClient() {
            @Override
            public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
                return GetSecretValueResponse.builder().secretString(value).build();
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {}
        };
        return new Secrets(() -> client, Clock.systemUTC());
    }

    /** FetchImage wired from the bot token's ARN, whose value Secrets Manager returns as {@code stored}. */
    private static ModerationConfig configWithTokenStoredAs(String stored) {
        return ModerationConfig.from(
                Env.of(Map.of(
                        "BUCKET_NAME",
                        ModerateFixture.BUCKET,
                        "SLACK_BOT_TOKEN_ARN",
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bot",
                        "SLACK_API_URL",
                        fx.slack.apiUrl(),
                        "SLACK_ALLOWED_HOSTS",
                        fx.slack.host())),
                secretsManagerReturning(stored));
    }

    private static FetchImageService fetchWith(ModerationConfig config, Secret botToken) {
        return new FetchImageService(
                new FileInfoResolver(config.slack().api(), botToken),
                new SlackDownloader(config.slack().allowlist(), botToken),
                new ImageStore(fx.s3Client, ModerateFixture.BUCKET));
    }

    @Test
    void botTokenWithATrailingNewline_fromSecretsManager_downloadsAndLeaksNothing() {
        ModerationConfig config = configWithTokenStoredAs(BOT_TOKEN + "\n");
        FetchImageService fetch = fetchWith(config, config.botToken());

        try (LogCapture logs = LogCapture.start()) {
            ImageFetch image = fetch.fetch(ModerateFixture.scan(
                            fx.share("F0NEWLINE1", "image/png", "png", TestImages.png(120, 120), 120, 120)))
                    .image();

            assertThat(image.status()).isEqualTo(ImageFetch.Status.FETCHED);
            assertThat(fx.slack.calls("download"))
                    .anySatisfy(c -> assertThat(c.token()).isEqualTo(BOT_TOKEN));
            assertThat(logs.all()).doesNotContain(BOT_TOKEN);
        }
    }

    @Test
    void aTokenNoHeaderCanCarry_failsNamingTheProblem_withoutTheToken() {
        String broken = "emulator-bot\r\nX-Injected: 1";
        FetchImageService fetch = fetchWith(configWithTokenStoredAs("unused"), () -> broken);

        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> fetch.fetch(ModerateFixture.scan(
                            fx.share("F0BADTOKEN", "image/png", "png", TestImages.png(120, 120), 120, 120))))
                    .isInstanceOf(FileUnreadableException.class)
                    .hasMessageContaining("not a valid HTTP header value")
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain("emulator-bot");
                        }
                    });
            assertThat(logs.all()).doesNotContain("emulator-bot");
        }
        assertThat(Set.copyOf(
                        fx.slack.calls("download").stream().map(c -> c.token()).toList()))
                .doesNotContain(broken);
    }
}
