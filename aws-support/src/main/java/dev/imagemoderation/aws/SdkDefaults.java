package dev.imagemoderation.aws;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * SDK client settings shared by every function. The URL-connection HTTP client starts
 * fastest, which is what a Lambda's cold path pays for. Endpoints are not set here:
 * the SDK reads {@code AWS_ENDPOINT_URL_<SERVICE>} itself, which is how local mode
 * points the same code at its embedded servers.
 */
public final class SdkDefaults {

    private SdkDefaults() {}

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(1))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * The SDK's standard retry policy (backoff with jitter, throttling-aware), bounded
     * by a total time for the call including retries.
     */
    public static ClientOverrideConfiguration overrides(Duration apiCallTimeout) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(apiCallTimeout)
                .build();
    }
}
