package dev.imagemoderation.aws;

import dev.imagemoderation.core.config.Setting;
import dev.imagemoderation.core.secrets.CachedSecret;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.secrets.SecretUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Builds the secrets a function needs from its environment: either the value itself in
 * {@code NAME} (local mode, tests) or a Secrets Manager ARN in {@code NAME_ARN} (AWS).
 * Nothing is read until the first {@link Secret#value()}.
 */
public final class Secrets {

    /** How long a value read from Secrets Manager is trusted before it is read again. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final Supplier<SecretsManagerClient> client;
    private final Clock clock;

    public Secrets(Supplier<SecretsManagerClient> client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A client created on first use, so that building a handler never touches the network. */
    public static Secrets withDefaultClient() {
        return new Secrets(
                new Lazy<>(() -> SecretsManagerClient.builder()
                        .httpClient(SdkDefaults.httpClient())
                        .overrideConfiguration(SdkDefaults.overrides(Duration.ofSeconds(2)))
                        .build()),
                Clock.systemUTC());
    }

    public Secret fromEnv(Env env, Setting setting) {
        String name = setting.name();
        var literal = env.optional(setting);
        if (literal.isPresent()) {
            String value = literal.get(); // Env.optional never yields a blank value
            return () -> value;
        }
        var arn = env.optional(setting.arnVariable());
        if (arn.isPresent()) {
            String secretId = arn.get();
            return new CachedSecret(
                    name + "_ARN",
                    () -> client.get()
                            .getSecretValue(GetSecretValueRequest.builder()
                                    .secretId(secretId)
                                    .build())
                            .secretString(),
                    DEFAULT_TTL,
                    clock);
        }
        return () -> {
            throw new SecretUnavailableException("neither " + name + " nor " + name + "_ARN is set");
        };
    }
}
