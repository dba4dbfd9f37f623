package dev.imagemoderation.moderate;

import dev.imagemoderation.core.errors.DisallowedHostException;
import dev.imagemoderation.core.errors.FileUnreadableException;
import dev.imagemoderation.core.errors.SlackUnavailableException;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.slack.SlackHttpFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Downloads a file from Slack with the bot token. The token goes only to allowlisted
 * hosts: redirects are followed by hand, each hop checked, so a redirect off the list
 * is refused rather than followed with the token attached. Reads at most a fixed number
 * of bytes.
 */
public final class SlackDownloader {

    /** The bytes and what the server said they are. */
    public record Download(byte[] bytes, String contentType, int status) {}

    private static final int MAX_REDIRECTS = 3;

    /** A whole body must arrive within this; the JDK's request timeout stops counting once the headers are in. */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(30);

    private final HttpClient http;
    private final HostAllowlist allowlist;
    private final Secret botToken;
    private final long maxBytes;
    private final Duration bodyDeadline;

    public SlackDownloader(HostAllowlist allowlist, Secret botToken) {
        this(allowlist, botToken, ImageLimits.MAX_DOWNLOAD_BYTES, BODY_DEADLINE);
    }

    SlackDownloader(HostAllowlist allowlist, Secret botToken, long maxBytes, Duration bodyDeadline) {
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.allowlist = allowlist;
        this.botToken = botToken;
        this.maxBytes = maxBytes;
        this.bodyDeadline = bodyDeadline;
    }

    /** The same downloader with another byte cap (originals kept for quarantine may be larger). */
    SlackDownloader withCap(long cap) {
        return new SlackDownloader(allowlist, botToken, cap, bodyDeadline);
    }

    /**
     * @throws DisallowedHostException when the URL or a redirect leaves the allowlist
     * @throws ImageRejectedException when the file is larger than the download cap
     */
    public Download download(String url) throws ImageRejectedException {
        URI uri = parse(url);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!allowlist.allows(uri)) {
                throw new DisallowedHostException((hop == 0 ? "file URL" : "redirect") + " leads to " + uri.getHost()
                        + ", which is not an allowed Slack host; no token was sent");
            }
            HttpResponse<InputStream> response = send(uri);
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                String location = response.headers().firstValue("Location").orElse(null);
                close(response);
                if (location == null) {
                    throw new SlackUnavailableException("Slack redirected a download without a Location");
                }
                uri = uri.resolve(location);
                continue;
            }
            var failure = SlackHttpFailure.of(
                    "file download",
                    status,
                    response.headers().firstValue("Retry-After").orElse(null));
            if (failure.isPresent()) {
                close(response);
                throw failure.get();
            }
            byte[] bytes = read(response);
            return new Download(
                    bytes, response.headers().firstValue("Content-Type").orElse(""), status);
        }
        throw new DisallowedHostException("file download redirected more than " + MAX_REDIRECTS + " times");
    }

    private HttpResponse<InputStream> send(URI uri) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + botToken.value())
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            // The JDK's message quotes the refused header value, which holds the token: drop it.
            throw new FileUnreadableException(
                    "the bot token is not a valid HTTP header value (whitespace or control characters in it);"
                            + " no request was sent");
        }
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new SlackUnavailableException(
                    "file download failed (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackUnavailableException("file download interrupted", e);
        }
    }

    private byte[] read(HttpResponse<InputStream> response) throws ImageRejectedException {
        try (Deadline deadline = Deadline.in(bodyDeadline, () -> close(response));
                InputStream in = response.body()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new ImageRejectedException(
                                FetchReason.ImageTooLarge, "download exceeds " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                if (deadline.passed()) {
                    throw new SlackUnavailableException(
                            "file download stalled: the body did not arrive within " + bodyDeadline.toSeconds() + " s");
                }
                throw e;
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new SlackUnavailableException(
                    "file download broke off (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // Nothing was read from it; closing only frees the connection.
        }
    }

    private static URI parse(String url) {
        if (url == null) {
            throw new DisallowedHostException("the file has no URL");
        }
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new DisallowedHostException("file URL is not a valid URL");
        }
    }
}
