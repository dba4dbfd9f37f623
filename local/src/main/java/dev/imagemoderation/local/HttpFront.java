package dev.imagemoderation.local;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode's one HTTP port: Slack intake, the audit console and its JSON API, metrics.
 * A handler that throws answers 500 without its message, so nothing internal leaks.
 */
final class HttpFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    private final HttpServer server;
    private boolean stopped;

    HttpFront(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Console routes ask for {@code password} (any user name), compared in constant time. */
    static Authenticator login(String password) {
        byte[] expected = password.getBytes(StandardCharsets.UTF_8);
        return new BasicAuthenticator("image moderation console") {
            @Override
            public boolean checkCredentials(String user, String given) {
                return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected);
            }
        };
    }

    /** Like {@link #route}, behind {@code login} when it is not null. */
    HttpFront route(String path, HttpHandler handler, Authenticator login) {
        HttpContext context = context(path, handler);
        if (login != null) {
            context.setAuthenticator(login);
        }
        return this;
    }

    HttpFront route(String path, HttpHandler handler) {
        context(path, handler);
        return this;
    }

    private HttpContext context(String path, HttpHandler handler) {
        return server.createContext(path, ex -> {
            try (ex) {
                handler.handle(ex);
            } catch (RuntimeException e) {
                LOG.atError()
                        .addKeyValue("path", ex.getRequestURI().getPath())
                        .setCause(e)
                        .log("request failed");
                send(ex, 500, "text/plain; charset=utf-8", "internal error".getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    URI base() {
        String host = server.getAddress().getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + server.getAddress().getPort());
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!stopped) {
            stopped = true;
            server.stop(0);
        }
    }
}
