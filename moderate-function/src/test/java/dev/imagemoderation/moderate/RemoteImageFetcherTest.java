package dev.imagemoderation.moderate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.testkit.images.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSRF rules, against real HTTP servers on loopback: an image host the test allows by
 * origin, and a canary that must never be reached. Name resolution is scripted, so that a
 * name can resolve to the metadata address without a DNS server.
 */
class RemoteImageFetcherTest {

    private static final byte[] PNG = TestImages.png(64, 48);

    private final HttpServer images = server();
    private final HttpServer canary = server();
    private final AtomicInteger canaryHits = new AtomicInteger();
    private final List<Headers> imageRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger lookups = new AtomicInteger();

    private final String origin = "http://127.0.0.1:" + images.getAddress().getPort();
    private final String canaryUrl = "http://127.0.0.1:" + canary.getAddress().getPort() + "/secret";

    RemoteImageFetcherTest() {
        images.createContext("/", ex -> {
            imageRequests.add(ex.getRequestHeaders());
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/a.png" -> {
                    ex.getResponseHeaders().add("Content-Type", "image/png");
                    ex.sendResponseHeaders(200, PNG.length);
                    ex.getResponseBody().write(PNG);
                }
                case "/to-canary" -> redirect(ex, canaryUrl);
                case "/to-metadata" -> redirect(ex, "https://metadata.example/latest/meta-data/");
                case "/loop" -> redirect(ex, "/loop");
                case "/big" -> {
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write(new byte[200_000]);
                }
                case "/stall" -> {
                    ex.sendResponseHeaders(200, 1_000_000);
                    ex.getResponseBody().write(new byte[10]);
                    ex.getResponseBody().flush();
                    sleep(Duration.ofSeconds(5));
                }
                case "/gone" -> ex.sendResponseHeaders(404, -1);
                default -> ex.sendResponseHeaders(500, -1);
            }
            ex.close();
        });
        canary.createContext("/", ex -> {
            canaryHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        images.start();
        canary.start();
    }

    @AfterEach
    void stop() {
        images.stop(0);
        canary.stop(0);
    }

    private RemoteImageFetcher fetcher(Map<String, String> dns) {
        return new RemoteImageFetcher(
                host -> {
                    lookups.incrementAndGet();
                    String a = dns.get(host);
                    if (a == null) {
                        return InetAddress.getAllByName(host); // literals only: no DNS here
                    }
                    return new InetAddress[] {InetAddress.getByName(a)};
                },
                Set.of(origin),
                100_000,
                Duration.ofSeconds(1));
    }

    @Test
    void anImageFromAnAllowedOrigin_isFetched_withAnHonestUserAgentAndNoCredentials() throws Exception {
        var fetched = fetcher(Map.of()).fetch(origin + "/a.png");

        assertThat(fetched.bytes()).isEqualTo(PNG);
        assertThat(fetched.contentType()).startsWith("image/png");
        assertThat(imageRequests).singleElement().satisfies(h -> {
            assertThat(h.getFirst("User-Agent")).isEqualTo(RemoteImageFetcher.USER_AGENT);
            assertThat(h.containsKey("Authorization")).isFalse();
            assertThat(h.containsKey("Cookie")).isFalse();
        });
    }

    @Test
    void aRedirectTo127001_isRefused_andNothingReachesIt() {
        assertRefused(fetcher(Map.of()), origin + "/to-canary", FetchReason.AddressRefused, "redirect 1");

        assertThat(canaryHits).hasValue(0);
    }

    @Test
    void aNameThatResolvesToTheMetadataAddress_isRefused_directlyAndAfterARedirect() {
        var fetcher = fetcher(Map.of("metadata.example", "169.254.169.254"));

        assertRefused(
                fetcher, "https://metadata.example/latest/meta-data/", FetchReason.AddressRefused, "169.254.169.254");
        assertRefused(fetcher, origin + "/to-metadata", FetchReason.AddressRefused, "link-local");
    }

    @Test
    void literalForbiddenAddresses_inEveryForm_areRefused() {
        var fetcher = fetcher(Map.of());
        for (String url : List.of(
                "https://127.0.0.1/x.png",
                "https://[::1]/x.png",
                "https://[::ffff:169.254.169.254]/x.png",
                "https://[::ffff:7f00:1]/x.png",
                "https://10.0.0.8/x.png",
                "https://[fd00:ec2::254]/x.png",
                "https://0.0.0.0/x.png",
                "https://224.0.0.251/x.png")) {
            assertRefused(fetcher, url, FetchReason.AddressRefused, "nothing was sent");
        }
    }

    @Test
    void plainHttp_credentialsAndNonUrls_areRefused() {
        var fetcher = fetcher(Map.of("img.example", "93.184.215.14"));

        assertRefused(fetcher, "http://img.example/a.png", FetchReason.AddressRefused, "only https");
        assertRefused(fetcher, "ftp://img.example/a.png", FetchReason.AddressRefused, "only https");
        assertRefused(fetcher, "https://user:pw@img.example/a.png", FetchReason.AddressRefused, "credentials");
        assertRefused(fetcher, "/a.png", FetchReason.AddressRefused, "not absolute");
        assertRefused(fetcher, "https://exa mple/", FetchReason.AddressRefused, "not a valid URL");
        assertRefused(fetcher, "file:///etc/passwd", FetchReason.AddressRefused, "no host");
    }

    @Test
    void aNameWithOnePrivateAnswerAmongPublicOnes_isRefused() {
        var fetcher = new RemoteImageFetcher(
                host -> new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.1")},
                Set.of(),
                1000,
                Duration.ofSeconds(1));

        assertRefused(fetcher, "https://rebind.example/a.png", FetchReason.AddressRefused, "10.0.0.1");
    }

    @Test
    void theConnectionGoesToTheAddressChecked_withNoSecondLookup() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String host = "rebind.test";
        int port = images.getAddress().getPort();
        var fetcher = new RemoteImageFetcher(
                h -> {
                    // A rebinding DNS server: loopback (allowed for this test origin) first, then the metadata address.
                    String a = calls.getAndIncrement() == 0 ? "127.0.0.1" : "169.254.169.254";
                    return new InetAddress[] {InetAddress.getByName(a)};
                },
                Set.of("http://" + host + ":" + port),
                100_000,
                Duration.ofSeconds(1));

        assertThat(fetcher.fetch("http://" + host + ":" + port + "/a.png").bytes())
                .isEqualTo(PNG);
        assertThat(calls).as("one lookup, and the client used its answer").hasValue(1);
    }

    @Test
    void redirectsAreBoundedAtThree() {
        assertRefused(fetcher(Map.of()), origin + "/loop", FetchReason.AddressRefused, "more than 3 times");
        assertThat(imageRequests).hasSize(RemoteImageFetcher.MAX_REDIRECTS + 1);
    }

    @Test
    void aBodyOverTheCap_aStalledBody_anErrorStatus_andAnUnknownName_areNamed() {
        var fetcher = fetcher(Map.of());
        assertRefused(fetcher, origin + "/big", FetchReason.ImageTooLarge, "100000-byte cap");
        long start = System.nanoTime();
        assertRefused(fetcher, origin + "/stall", FetchReason.RemoteUnavailable, "within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertRefused(fetcher, origin + "/gone", FetchReason.RemoteUnavailable, "HTTP 404");
        var noDns = new RemoteImageFetcher(
                h -> {
                    throw new UnknownHostException(h);
                },
                Set.of(),
                1000,
                Duration.ofSeconds(1));
        assertRefused(noDns, "https://nowhere.example/a.png", FetchReason.RemoteUnavailable, "does not resolve");
    }

    private static void assertRefused(RemoteImageFetcher fetcher, String url, FetchReason reason, String message) {
        assertThatThrownBy(() -> fetcher.fetch(url))
                .as(url)
                .isInstanceOfSatisfying(
                        ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().add("Location", to);
        ex.sendResponseHeaders(302, -1);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpServer server() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a stalled answer blocks no other
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
