package dev.imagemoderation.moderate;

import dev.imagemoderation.core.net.PublicAddresses;
import dev.imagemoderation.core.workflow.FetchReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches a remote image (a link preview, an app's image block) from the open web. The URL
 * was chosen by whoever posted it, so every hop is checked before anything is sent:
 * <ul>
 *   <li>https only, no credentials in the URL, and never a token;
 *   <li>the host is resolved here, every address it resolves to must be public
 *       ({@link PublicAddresses}), and the connection goes to exactly those addresses: the
 *       HTTP client's own resolver answers only from what was checked, so there is no second
 *       lookup for a rebinding DNS server to answer differently;
 *   <li>at most {@value #MAX_REDIRECTS} redirects, each checked the same way;
 *   <li>a byte cap, a connect timeout, a read timeout, a total deadline, and a User-Agent
 *       that says who is asking.
 * </ul>
 * Origins listed in {@code testOrigins} (scheme, host and port exactly) are exempt from the
 * scheme and address rules, for the Slack emulator's image host on loopback in tests. Nothing
 * sets them in production; local mode warns loudly at start when they are set.
 */
public final class RemoteImageFetcher {

    /** The bytes, what the server said they are, and the URL they finally came from. */
    public record Fetched(byte[] bytes, String contentType, URI url) {}

    /** How host names become addresses; the system resolver in production. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    static final int MAX_REDIRECTS = 3;
    static final String USER_AGENT =
            "ImageModerationBot/1.0 (a Slack workspace's moderation bot; checks images shown in its channels)";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final Duration TOTAL_DEADLINE = Duration.ofSeconds(20);

    private final Lookup lookup;
    private final Set<String> testOrigins;
    private final long maxBytes;
    private final Duration deadline;

    public RemoteImageFetcher(Set<String> testOrigins) {
        this(InetAddress::getAllByName, testOrigins, ImageLimits.MAX_ORIGINAL_BYTES, TOTAL_DEADLINE);
    }

    RemoteImageFetcher(Lookup lookup, Set<String> testOrigins, long maxBytes, Duration deadline) {
        this.lookup = lookup;
        this.testOrigins = Set.copyOf(
                testOrigins.stream().map(RemoteImageFetcher::normalise).toList());
        this.maxBytes = maxBytes;
        this.deadline = deadline;
    }

    /**
     * @throws ImageRejectedException {@link FetchReason#AddressRefused} when a hop is refused (nothing was
     *     sent to it), {@link FetchReason#RemoteUnavailable} when the host does not give the image,
     *     {@link FetchReason#ImageTooLarge} over the byte cap
     */
    public Fetched fetch(String url) throws ImageRejectedException {
        URI uri = parse(url);
        PinnedResolver pinned = new PinnedResolver();
        try (CloseableHttpClient http = client(pinned)) {
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                pin(uri, hop == 0 ? "the image URL" : "redirect " + hop, pinned);
                switch (execute(http, uri)) {
                    case Hop.Image image -> {
                        return image.fetched();
                    }
                    case Hop.Redirect redirect -> uri = redirect.to();
                    case Hop.Rejected rejected -> throw rejected.why();
                }
            }
        } catch (IOException e) {
            throw new ImageRejectedException(
                    FetchReason.RemoteUnavailable,
                    "the image host could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        throw refused("the image URL redirected more than " + MAX_REDIRECTS + " times");
    }

    /** What one request gave. */
    private sealed interface Hop {
        record Image(Fetched fetched) implements Hop {}

        record Redirect(URI to) implements Hop {}

        record Rejected(ImageRejectedException why) implements Hop {}
    }

    private Hop execute(CloseableHttpClient http, URI uri) throws IOException {
        HttpGet get = new HttpGet(uri);
        get.setHeader("User-Agent", USER_AGENT);
        get.setHeader("Accept", "image/*, video/*;q=0.8");
        try (Deadline stop = Deadline.in(deadline, get::cancel)) {
            try {
                return http.execute(get, response -> handle(response, uri));
            } catch (IOException e) {
                if (stop.passed()) {
                    return new Hop.Rejected(new ImageRejectedException(
                            FetchReason.RemoteUnavailable,
                            "the image host did not answer within " + deadline.toSeconds() + " s"));
                }
                throw e;
            }
        }
    }

    private Hop handle(ClassicHttpResponse response, URI uri) throws IOException {
        int status = response.getCode();
        if (status >= 300 && status < 400 && status != 304) {
            Header location = response.getFirstHeader("Location");
            if (location == null) {
                return unavailable("the image host redirected without a Location");
            }
            try {
                return new Hop.Redirect(uri.resolve(location.getValue().trim()));
            } catch (IllegalArgumentException e) {
                return new Hop.Rejected(refused("the image host redirected to a malformed URL"));
            }
        }
        if (status != 200) {
            return unavailable("the image host answered HTTP " + status);
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new Hop.Rejected(new ImageRejectedException(FetchReason.Empty, "the image host sent no body"));
        }
        if (entity.getContentLength() > maxBytes) {
            return tooLarge("the image is " + entity.getContentLength() + " bytes, over the " + maxBytes + "-byte cap");
        }
        try (InputStream in = entity.getContent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    return tooLarge("the image exceeds the " + maxBytes + "-byte cap");
                }
                out.write(buffer, 0, n);
            }
            String type = entity.getContentType() == null ? "" : entity.getContentType();
            return new Hop.Image(new Fetched(out.toByteArray(), type, uri));
        }
    }

    private static Hop unavailable(String message) {
        return new Hop.Rejected(new ImageRejectedException(FetchReason.RemoteUnavailable, message));
    }

    private static Hop tooLarge(String message) {
        return new Hop.Rejected(new ImageRejectedException(FetchReason.ImageTooLarge, message));
    }

    /** Checks one hop and pins its host to the addresses checked; throws before anything is sent. */
    private void pin(URI uri, String what, PinnedResolver pinned) throws ImageRejectedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw refused(what + " has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused(what + " carries credentials");
        }
        boolean testOrigin = testOrigins.contains(normalise(uri));
        if (!testOrigin && !scheme.equals("https")) {
            throw refused(what + " is " + (scheme.isEmpty() ? "not a URL" : scheme + ":") + "; only https is fetched");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = lookup.addresses(IDN.toASCII(bare));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new ImageRejectedException(
                    FetchReason.RemoteUnavailable, what + ": host " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new ImageRejectedException(
                    FetchReason.RemoteUnavailable, what + ": host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            Optional<String> why = PublicAddresses.whyRefused(a);
            if (why.isPresent() && !(testOrigin && a.isLoopbackAddress())) {
                // One bad answer refuses the host: a name that resolves to public and private addresses at
                // once is a DNS-rebinding setup, not a web server.
                throw refused(what + " leads to " + host
                        + (host.equals(a.getHostAddress()) ? "" : " (" + a.getHostAddress() + ")") + ", " + why.get()
                        + "; nothing was sent there");
            }
        }
        pinned.pin(host, addresses);
    }

    private static ImageRejectedException refused(String message) {
        return new ImageRejectedException(FetchReason.AddressRefused, message);
    }

    private static URI parse(String url) throws ImageRejectedException {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute()) {
                throw refused("the image URL is not absolute");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw refused("the image URL is not a valid URL");
        }
    }

    /** {@code scheme://host:port}, lower-case, with the scheme's default port made explicit. */
    static String normalise(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return scheme + "://" + (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    private static String normalise(String origin) {
        return normalise(URI.create(origin.trim()));
    }

    private CloseableHttpClient client(PinnedResolver resolver) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                                .setSocketTimeout(Timeout.of(READ_TIMEOUT))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(READ_TIMEOUT))
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** The HTTP client's only resolver: it answers with the addresses {@link #pin} checked, and nothing else. */
    private static final class PinnedResolver implements DnsResolver {
        private final Map<String, InetAddress[]> pinned = new ConcurrentHashMap<>();

        void pin(String host, InetAddress[] addresses) {
            pinned.put(host.toLowerCase(Locale.ROOT), addresses.clone());
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] addresses = pinned.get(host.toLowerCase(Locale.ROOT));
            if (addresses == null) {
                throw new UnknownHostException(host + " was not checked");
            }
            return addresses.clone();
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
