package dev.imagemoderation.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagemoderation.awsjson.AwsJsonServer;
import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.secrets.SecretUnavailableException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Secrets from the environment or from Secrets Manager (real SDK client, JSON 1.1 protocol server). */
class SecretsTest {

    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:slack-signing-AbCdEf";
    private static final String GET = "secretsmanager.GetSecretValue";

    private final AwsJsonServer server = new AwsJsonServer("1.1");
    private final Secrets secrets = new Secrets(
            () -> SecretsManagerClient.builder()
                    .endpointOverride(server.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fromEnv_arn_isReadOnFirstUseOnly_thenCached() {
        server.on(
                GET,
                req -> new AwsJsonServer.Reply.Ok(AwsJsonServer.object()
                        .put("ARN", req.path("SecretId").asText())
                        .put("SecretString", "from-secrets-manager")));

        var secret = secrets.fromEnv(Env.of(Map.of("SLACK_SIGNING_SECRET_ARN", ARN)), Setting.SLACK_SIGNING_SECRET);

        assertThat(server.calls()).isEmpty();
        assertThat(secret.value()).isEqualTo("from-secrets-manager");
        assertThat(secret.value()).isEqualTo("from-secrets-manager");
        assertThat(server.calls(GET)).hasSize(1);
        assertThat(server.calls(GET).getFirst().body().path("SecretId").asText())
                .isEqualTo(ARN);
    }

    @Test
    void fromEnv_secretCreatedWithoutValue_failsNamingTheSettingNotTheValue() {
        // What a fresh deployment looks like before the operator fills the secret.
        server.on(
                GET,
                req -> new AwsJsonServer.Reply.Error(
                        400,
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"));

        var secret = secrets.fromEnv(Env.of(Map.of("SLACK_SIGNING_SECRET_ARN", ARN)), Setting.SLACK_SIGNING_SECRET);

        assertThatThrownBy(secret::value)
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageContaining("SLACK_SIGNING_SECRET_ARN");
    }

    @Test
    void fromEnv_literalValue_winsAndNeedsNoNetwork() {
        var secret = secrets.fromEnv(
                Env.of(Map.of("SLACK_SIGNING_SECRET", "local", "SLACK_SIGNING_SECRET_ARN", ARN)),
                Setting.SLACK_SIGNING_SECRET);

        assertThat(secret.value()).isEqualTo("local");
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void fromEnv_nothingConfigured_failsNamingBothSettings() {
        var secret = secrets.fromEnv(Env.of(Map.of()), Setting.SLACK_SIGNING_SECRET);

        assertThatThrownBy(secret::value)
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessage("neither SLACK_SIGNING_SECRET nor SLACK_SIGNING_SECRET_ARN is set");
    }
}
