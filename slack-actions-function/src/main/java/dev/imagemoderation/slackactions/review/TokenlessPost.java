package dev.imagemoderation.slackactions.review;

import dev.imagemoderation.core.errors.SlackUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A POST to one of Slack's capability URLs (an upload URL, a click's {@code response_url}):
 * the URL itself is the credential, so no token goes with it. A failure to reach Slack is
 * retryable, as every Slack outage is.
 */
final class TokenlessPost {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TokenlessPost() {}

    /** @return the HTTP status */
    static int post(URI url, String contentType, HttpRequest.BodyPublisher body, Duration timeout, String what) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(url)
                                    .timeout(timeout)
                                    .header("Content-Type", contentType)
                                    .POST(body)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new SlackUnavailableException(
                    what + " failed (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackUnavailableException(what + " was interrupted", e);
        }
    }
}
