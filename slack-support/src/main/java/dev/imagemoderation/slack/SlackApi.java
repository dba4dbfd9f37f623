package dev.imagemoderation.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.socket_mode.SocketModeClient;
import dev.imagemoderation.core.errors.SlackActionFailedException;
import dev.imagemoderation.core.errors.SlackRateLimitedException;
import dev.imagemoderation.core.errors.SlackUnavailableException;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.HostAllowlist;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * Calls Slack's Web API through the official client, and turns Slack's failures into
 * the workflow's: 429/{@code ratelimited} into {@link SlackRateLimitedException} with
 * Retry-After, 5xx and Slack's transient errors into {@link SlackUnavailableException}.
 * Other {@code ok: false} answers are returned for the caller to judge, because whether
 * {@code file_deleted} is a failure depends on what was asked.
 */
public final class SlackApi {

    /** Slack's errors that a later attempt may not meet. */
    static final Set<String> TRANSIENT_ERRORS =
            Set.of("internal_error", "fatal_error", "request_timeout", "service_unavailable");

    private final Slack slack;

    /** One request to Slack with a given client; checked exceptions are the client's own. */
    @FunctionalInterface
    public interface Request<T extends SlackApiTextResponse> {
        T send(MethodsClient methods) throws IOException, SlackApiException;
    }

    /**
     * @param apiUrl the Web API base ending in {@code /api/}, e.g. {@code https://slack.com/api/}
     * @throws IllegalArgumentException when the base URL's host is not on the allowlist: a
     *     token must never be sent anywhere else
     */
    public SlackApi(String apiUrl, HostAllowlist allowlist) {
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (!allowlist.allows(URI.create(apiUrl))) {
            throw new IllegalArgumentException(
                    "Slack API URL " + apiUrl + " is not on the host allowlist " + allowlist);
        }
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        config.setPrettyResponseLoggingEnabled(false);
        config.setLibraryMaintainerMode(false);
        config.setFailOnUnknownProperties(false);
        // The SDK's own rate-limit statistics call auth.test in the background (with whatever token,
        // an app-level one included) and cost CPU on every call; the workflow handles 429s itself.
        config.setStatsEnabled(false);
        this.slack = Slack.getInstance(config);
    }

    /**
     * Sends {@code request} with {@code token}.
     *
     * @return Slack's answer, which may be {@code ok: false} with an error that is not transient
     */
    public <T extends SlackApiTextResponse> T call(String method, Secret token, Request<T> request) {
        T response;
        try {
            response = request.send(slack.methods(token.value()));
        } catch (SlackApiException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().code();
            String retryAfter = e.getResponse() == null ? null : e.getResponse().header("Retry-After");
            throw SlackHttpFailure.of(method, status, retryAfter)
                    .orElseGet(() -> new SlackActionFailedException(method + " answered HTTP " + status));
        } catch (IllegalArgumentException e) {
            // The HTTP client refuses a token no header can carry, and may quote the header doing so.
            throw new SlackActionFailedException(method
                    + " not sent: the token is not a valid HTTP header value (whitespace or control characters)");
        } catch (IOException e) {
            throw new SlackUnavailableException(
                    method + " could not reach Slack (" + e.getClass().getSimpleName() + ")", e);
        }
        if (!response.isOk()) {
            String error = response.getError();
            if ("ratelimited".equals(error)) {
                throw new SlackRateLimitedException(SlackHttpFailure.DEFAULT_RETRY_AFTER_SECONDS);
            }
            if (TRANSIENT_ERRORS.contains(error)) {
                throw new SlackUnavailableException(method + " failed with " + error);
            }
        }
        return response;
    }

    /**
     * A Socket Mode client whose {@code apps.connections.open} goes to this API base (so it
     * is held to the same allowlist), on the Java-WebSocket backend. Not yet connected.
     */
    public SocketModeClient socketMode(Secret appToken) throws IOException {
        return slack.socketMode(appToken.value(), SocketModeClient.Backend.JavaWebSocket);
    }

    /** "missing_scope (needed: files:write; provided: files:read,chat:write)" and the like. */
    public static String describe(String method, SlackApiTextResponse response) {
        StringBuilder s = new StringBuilder(method).append(": ").append(response.getError());
        if (response.getNeeded() != null) {
            s.append(" (needed: ")
                    .append(response.getNeeded())
                    .append("; provided: ")
                    .append(response.getProvided())
                    .append(')');
        }
        return s.toString();
    }
}
