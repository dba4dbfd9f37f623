package dev.imagemoderation.slackemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imagemoderation.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An HTTP server that behaves like Slack's Web API for the methods this bot uses, so the
 * official Slack client can be tested against it unchanged (point
 * {@code SlackConfig.methodsEndpointUrlPrefix} at {@link #apiUrl()}). It models a
 * {@link Workspace} with Slack's permission rules and error strings, serves file
 * downloads with Bearer checks (an HTML sign-in page otherwise, as Slack does), can be
 * scripted to fail, and records every call.
 */
public final class SlackEmulator implements AutoCloseable {

    /** One request as received, and when. {@code method} is the API method, or "download" for a file URL. */
    public record Call(String method, String token, Map<String, String> params, Instant at) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /** A scripted misbehaviour for the next calls of a method. */
    public sealed interface Fault {
        record RateLimited(int retryAfterSeconds) implements Fault {}

        record HttpError(int status) implements Fault {}

        record SlackError(String error) implements Fault {}

        record Slow(Duration delay) implements Fault {}
    }

    public static final String SIGN_IN_PAGE = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Slack</title></head>
            <body><h1>Sign in to your workspace</h1><form action="/signin" method="post"></form></body></html>
            """;

    /** The scope of an app-level token, which only opens Socket Mode connections. */
    static final String APP_LEVEL_SCOPE = "connections:write";

    private static final Map<String, String> REQUIRED_SCOPE = Map.of(
            "files.info", "files:read",
            "files.delete", "files:write",
            "chat.postMessage", "chat:write",
            "chat.delete", "chat:write",
            "conversations.open", "im:write",
            "users.info", "users:read",
            "chat.update", "chat:write",
            "chat.postEphemeral", "chat:write",
            "files.getUploadURLExternal", "files:write",
            "files.completeUploadExternal", "files:write");

    private final HttpServer server;
    private final Workspace workspace;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    /** The open web, as far as tests need it: images (and redirects) anyone may fetch, no token. */
    private final Map<String, WebResource> web = new ConcurrentHashMap<>();

    private sealed interface WebResource {
        record Image(byte[] bytes, String contentType) implements WebResource {}

        record Redirect(String to) implements WebResource {}
    }

    private final SocketModeServer socketMode;
    private final EventsApi events;
    private final Uploads uploads = new Uploads();
    /** A click's {@code response_url}: the clicker and the channel an answer POSTed there reaches. */
    private record ResponseTarget(String user, String channel) {}

    private final Map<String, ResponseTarget> responseUrls = new ConcurrentHashMap<>();

    private SlackEmulator(Workspace workspace) throws IOException {
        this.workspace = workspace;
        this.socketMode = new SocketModeServer(workspace.appId());
        this.events = new EventsApi(workspace, workspace.appId(), socketMode, this::newResponseUrl);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::exchange);
        server.start();
    }

    public static SlackEmulator start(Workspace workspace) {
        try {
            return new SlackEmulator(workspace);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Slack's side of the Events API: Request URL deliveries and Socket Mode. */
    public EventsApi events() {
        return events;
    }

    /** A member shares files in a channel; the app is told over Socket Mode or its Request URL. */
    public String shareFiles(String channel, String user, String text, String... fileIds) {
        return events.shareFiles(this, channel, user, text, fileIds);
    }

    /** Envelope ids the Socket Mode client acknowledged, in order. */
    public List<String> socketModeAcks() {
        return socketMode.acknowledged();
    }

    /** The {@code event_id}s inside the envelopes the Socket Mode client acknowledged, in order. */
    public List<String> socketModeAckedEvents() {
        return socketMode.acknowledgedEvents();
    }

    /** Envelopes sent over Socket Mode and not (yet) acknowledged. */
    public Map<String, JsonNode> socketModeUnacknowledged() {
        return socketMode.unacknowledged();
    }

    public boolean socketModeConnected() {
        return socketMode.hasConnections();
    }

    /** The Web API base, ending in {@code /api/}. */
    public String apiUrl() {
        return base() + "/api/";
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The {@code url_private} of a file, as Slack would put it in events and files.info. */
    public String fileUrl(String fileId) {
        var f = workspace.findFile(fileId).orElseThrow();
        return base() + "/files-pri/" + workspace.teamId + "-" + f.id + "/" + f.name;
    }

    public String thumbUrl(String fileId, int size) {
        var f = workspace.findFile(fileId).orElseThrow();
        return base() + "/files-tmb/" + workspace.teamId + "-" + f.id + "-" + size + "/" + f.name;
    }

    /** The {@code thumb_video} of a video file: Slack's poster frame. */
    public String videoPosterUrl(String fileId) {
        var f = workspace.findFile(fileId).orElseThrow();
        return base() + "/files-tmb/" + workspace.teamId + "-" + f.id + "-video/" + f.name + "_thumb_video.jpg";
    }

    /** A URL on this server, in the form of {@code fileId}'s file URL, that answers 302 to {@code target}. */
    public String redirectTo(String fileId, String target) {
        return base() + "/files-pri/" + workspace.teamId + "-" + fileId + "/redirect?to="
                + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    /**
     * Puts an image on this server's stand-in for the open web, at {@code /web/{name}}, where
     * anyone may fetch it without a token (as a link preview's image is); calls to it are
     * recorded as method "web". Returns its URL.
     */
    public String hostImage(String name, byte[] bytes, String contentType) {
        web.put(name, new WebResource.Image(bytes.clone(), contentType));
        return webUrl(name);
    }

    /** A URL on the stand-in for the open web that answers 302 to {@code target}. */
    public String hostRedirect(String name, String target) {
        web.put(name, new WebResource.Redirect(target));
        return webUrl(name);
    }

    private String webUrl(String name) {
        return base() + "/web/" + name;
    }

    /** The size of a hosted image, as Slack's unfurler reports it ({@code image_bytes}), or null. */
    Long hostedImageBytes(String url) {
        String prefix = base() + "/web/";
        if (url.startsWith(prefix) && web.get(url.substring(prefix.length())) instanceof WebResource.Image i) {
            return (long) i.bytes().length;
        }
        return null;
    }

    /** The next {@code times} calls of {@code method} (or "download") meet {@code fault}. */
    public SlackEmulator script(String method, Fault fault, int times) {
        Deque<Fault> queue = faults.computeIfAbsent(method, m -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The file as the API would describe it to {@code token}'s user (for building events). */
    public JsonNode fileJson(String fileId) {
        return fileObject(workspace.findFile(fileId).orElseThrow());
    }

    @Override
    public void close() {
        socketMode.close();
        server.stop(0);
    }

    // --- HTTP ------------------------------------------------------------------------

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String token = bearer(ex);
            if (path.startsWith("/api/")) {
                String method = path.substring("/api/".length());
                Map<String, String> params = params(ex);
                if (token == null) {
                    token = params.get("token");
                }
                calls.add(new Call(method, token, params, Instant.now()));
                if (applyFault(ex, method)) {
                    return;
                }
                ObjectNode body = api(method, token, params, ex);
                sendJson(ex, 200, body);
            } else if (path.startsWith("/files-pri/")
                    && path.endsWith("/redirect")
                    && ex.getRequestURI().getRawQuery() != null
                    && ex.getRequestURI().getRawQuery().startsWith("to=")) {
                calls.add(new Call("download", token, Map.of("path", path), Instant.now()));
                String to = URLDecoder.decode(
                        ex.getRequestURI().getRawQuery().substring("to=".length()), StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Location", to);
                ex.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/files-pri/") || path.startsWith("/files-tmb/")) {
                calls.add(new Call("download", token, Map.of("path", path), Instant.now()));
                if (applyFault(ex, "download")) {
                    return;
                }
                download(ex, path, token);
            } else if (path.startsWith("/actions/")) {
                calls.add(new Call("response_url", token, Map.of("path", path), Instant.now()));
                answerClick(ex, path.substring("/actions/".length()));
            } else if (path.startsWith(Uploads.PATH)) {
                calls.add(new Call("upload", token, Map.of("path", path), Instant.now()));
                if (applyFault(ex, "upload")) {
                    return;
                }
                uploads.receive(ex, path.substring(Uploads.PATH.length()));
            } else if (path.startsWith("/web/")) {
                calls.add(new Call("web", token, Map.of("path", path), Instant.now()));
                serveWeb(ex, path.substring("/web/".length()));
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        }
    }

    String newResponseUrl(String user, String channel) {
        String id = java.util.UUID.randomUUID().toString().replace("-", "");
        responseUrls.put(id, new ResponseTarget(user, channel));
        return base() + "/actions/" + workspace.teamId + "/" + id;
    }

    /**
     * An answer POSTed to a click's {@code response_url}: JSON with {@code text} (and
     * {@code response_type}); shown to the clicker alone unless it says {@code in_channel}.
     */
    private void answerClick(HttpExchange ex, String rest) throws IOException {
        String id = rest.substring(rest.indexOf('/') + 1);
        ResponseTarget target = responseUrls.get(id);
        if (!ex.getRequestMethod().equals("POST") || target == null) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(ex.getRequestBody().readAllBytes());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.hasNonNull("text")) {
            byte[] answer = "no_text".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(400, answer.length);
            ex.getResponseBody().write(answer);
            return;
        }
        synchronized (workspace) {
            workspace.ephemerals.add(new Workspace.Ephemeral(
                    target.channel(), target.user(), body.path("text").asText(), null, workspace.nextTs()));
        }
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, ok.length);
        ex.getResponseBody().write(ok);
    }

    private void serveWeb(HttpExchange ex, String name) throws IOException {
        switch (web.get(name)) {
            case WebResource.Image i -> {
                ex.getResponseHeaders().add("Content-Type", i.contentType());
                ex.sendResponseHeaders(200, i.bytes().length);
                ex.getResponseBody().write(i.bytes());
            }
            case WebResource.Redirect r -> {
                ex.getResponseHeaders().add("Location", r.to());
                ex.sendResponseHeaders(302, -1);
            }
            case null -> ex.sendResponseHeaders(404, -1);
        }
    }

    private boolean applyFault(HttpExchange ex, String method) throws IOException {
        Deque<Fault> queue = faults.get(method);
        Fault fault;
        if (queue == null) {
            return false;
        }
        synchronized (queue) {
            fault = queue.poll();
        }
        if (fault == null) {
            return false;
        }
        switch (fault) {
            case Fault.RateLimited r -> {
                ex.getResponseHeaders().add("Retry-After", Integer.toString(r.retryAfterSeconds()));
                sendJson(
                        ex,
                        429,
                        Json.mapper().createObjectNode().put("ok", false).put("error", "ratelimited"));
            }
            case Fault.HttpError e -> {
                byte[] body = "<html><body>Slack is having trouble</body></html>".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/html");
                ex.sendResponseHeaders(e.status(), body.length);
                ex.getResponseBody().write(body);
            }
            case Fault.SlackError e -> sendJson(ex, 200, error(e.error()));
            case Fault.Slow s -> {
                try {
                    Thread.sleep(s.delay());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
        }
        return true;
    }

    private void download(HttpExchange ex, String path, String token) throws IOException {
        // /files-pri/T-F/name or /files-tmb/T-F-size/name
        String[] parts = path.split("/");
        String id = parts.length > 2 ? parts[2] : "";
        String[] idParts = id.split("-");
        Workspace.File f = idParts.length >= 2 ? workspace.findFile(idParts[1]).orElse(null) : null;
        Workspace.Token t = token == null ? null : workspace.tokens.get(token);
        boolean allowed = f != null
                && !f.isDeleted()
                && t != null
                && t.scopes().contains("files:read")
                && workspace.canSee(t.userId(), f);
        if (!allowed) {
            // What Slack does for a missing or insufficient token: its sign-in page, status 200.
            byte[] page = SIGN_IN_PAGE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            return;
        }
        byte[] bytes;
        if (path.startsWith("/files-tmb/")) {
            Workspace.Thumb thumb = idParts.length < 3
                    ? null
                    : idParts[2].equals("video") ? f.videoPoster : f.thumbs.get(Integer.parseInt(idParts[2]));
            if (thumb == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            bytes = thumb.bytes();
        } else {
            bytes = f.bytes;
        }
        ex.getResponseHeaders().add("Content-Type", f.mimetype == null ? "application/octet-stream" : f.mimetype);
        ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    // --- API methods -------------------------------------------------------------------

    private ObjectNode api(String method, String token, Map<String, String> params, HttpExchange ex) {
        Workspace.Token t = token == null ? null : workspace.tokens.get(token);
        if (t == null) {
            return error(token == null ? "not_authed" : "invalid_auth");
        }
        ex.getResponseHeaders().add("x-oauth-scopes", String.join(",", new TreeSet<>(t.scopes())));
        boolean appLevel = t.scopes().contains(APP_LEVEL_SCOPE);
        if (appLevel != method.equals("apps.connections.open")) {
            return error("not_allowed_token_type");
        }
        String needed = REQUIRED_SCOPE.get(method);
        if (needed != null && !t.scopes().contains(needed)) {
            return error("missing_scope")
                    .put("needed", needed)
                    .put("provided", String.join(",", new TreeSet<>(t.scopes())));
        }
        synchronized (workspace) {
            return switch (method) {
                case "apps.connections.open" ->
                    ok().put("url", socketMode.newConnectionUrl().toString());
                case "auth.test" -> authTest(t);
                case "files.info" -> filesInfo(t, params.get("file"));
                case "files.delete" -> filesDelete(t, params.get("file"));
                case "chat.postMessage" -> postMessage(t, params);
                case "chat.delete" -> chatDelete(t, params.get("channel"), params.get("ts"));
                case "conversations.open" -> conversationsOpen(t, params.get("users"));
                case "users.info" -> usersInfo(params.get("user"));
                case "conversations.history" -> history(t, params, false);
                case "conversations.replies" -> history(t, params, true);
                case "conversations.members" -> members(t, params);
                case "conversations.info" -> conversationInfo(t, params.get("channel"));
                case "chat.update" -> chatUpdate(t, params);
                case "chat.postEphemeral" -> postEphemeral(t, params);
                case "chat.getPermalink" -> permalink(params.get("channel"), params.get("message_ts"));
                case "files.getUploadURLExternal" -> uploads.start(t, params, base());
                case "files.completeUploadExternal" -> uploads.complete(t, params, workspace);
                default -> error("unknown_method");
            };
        }
    }

    private ObjectNode authTest(Workspace.Token t) {
        Workspace.User u = workspace.users.get(t.userId());
        ObjectNode r = ok().put("url", "https://emulated.slack.test/")
                .put("team", "Emulated")
                .put("user", u.name())
                .put("team_id", workspace.teamId)
                .put("user_id", u.id());
        if (u.botId() != null) {
            r.put("bot_id", u.botId());
        }
        return r;
    }

    private ObjectNode filesInfo(Workspace.Token t, String fileId) {
        Workspace.File f = fileId == null ? null : workspace.files.get(fileId);
        if (f == null || !workspace.canSee(t.userId(), f)) {
            return error("file_not_found");
        }
        if (f.deleted) {
            return error("file_deleted");
        }
        return ok().set("file", fileObject(f));
    }

    private ObjectNode filesDelete(Workspace.Token t, String fileId) {
        Workspace.File f = fileId == null ? null : workspace.files.get(fileId);
        if (f == null || !workspace.canSee(t.userId(), f)) {
            return error("file_not_found");
        }
        if (f.deleted) {
            return error("file_deleted");
        }
        Workspace.User caller = workspace.users.get(t.userId());
        boolean admin = caller.role() == Workspace.Role.ADMIN || caller.role() == Workspace.Role.OWNER;
        if (!f.owner.equals(caller.id()) && !admin) {
            return error("cant_delete_file");
        }
        f.deleted = true;
        return ok();
    }

    private ObjectNode postMessage(Workspace.Token t, Map<String, String> params) {
        String channel = params.get("channel");
        Workspace.Channel ch = channel == null ? null : workspace.channels.get(channel);
        if (ch == null) {
            return error("channel_not_found");
        }
        if (!ch.members().contains(t.userId())) {
            return error("not_in_channel");
        }
        String text = params.getOrDefault("text", "");
        if (text.isBlank() && params.get("blocks") == null) {
            return error("no_text");
        }
        String blocks = params.get("blocks");
        if (blocks != null && !isJsonArray(blocks)) {
            return error("invalid_blocks");
        }
        Workspace.Message m = new Workspace.Message(
                channel,
                workspace.nextTs(),
                t.userId(),
                text,
                params.get("thread_ts"),
                List.of(),
                params.get("metadata"));
        m.blocks = blocks;
        workspace.messages.add(m);
        ObjectNode r = ok().put("channel", channel).put("ts", m.ts);
        r.putObject("message").put("text", text).put("user", t.userId()).put("ts", m.ts);
        return r;
    }

    /** chat.update: only the message's author may change it, admins included; blocks replace the old ones. */
    private ObjectNode chatUpdate(Workspace.Token t, Map<String, String> params) {
        String channel = params.get("channel");
        if (channel == null || !workspace.channels.containsKey(channel)) {
            return error("channel_not_found");
        }
        Workspace.Message m =
                workspace.findMessage(channel, params.getOrDefault("ts", "")).orElse(null);
        if (m == null || m.deleted) {
            return error("message_not_found");
        }
        if (!m.user.equals(t.userId())) {
            return error("cant_update_message");
        }
        String blocks = params.get("blocks");
        if (blocks != null && !isJsonArray(blocks)) {
            return error("invalid_blocks");
        }
        String text = params.get("text");
        if ((text == null || text.isBlank()) && blocks == null) {
            return error("no_text");
        }
        synchronized (m) {
            if (text != null) {
                m.text = text;
            }
            if (blocks != null) {
                m.blocks = blocks;
            }
            m.editedTs = workspace.nextTs();
        }
        ObjectNode r = ok().put("channel", channel).put("ts", m.ts).put("text", m.text);
        r.putObject("message").put("text", m.text).put("user", m.user).put("ts", m.ts);
        return r;
    }

    /** chat.postEphemeral: shown to one member of the channel, kept by the emulator for tests. */
    private ObjectNode postEphemeral(Workspace.Token t, Map<String, String> params) {
        Workspace.Channel ch = workspace.channels.get(params.getOrDefault("channel", ""));
        if (ch == null) {
            return error("channel_not_found");
        }
        if (!ch.members().contains(t.userId())) {
            return error("not_in_channel");
        }
        String user = params.get("user");
        if (user == null || !ch.members().contains(user)) {
            return error("user_not_in_channel");
        }
        String text = params.getOrDefault("text", "");
        String blocks = params.get("blocks");
        if (text.isBlank() && blocks == null) {
            return error("no_text");
        }
        String ts = workspace.nextTs();
        workspace.ephemerals.add(new Workspace.Ephemeral(ch.id(), user, text, blocks, ts));
        return ok().put("message_ts", ts);
    }

    /** chat.getPermalink: a link in Slack's form, {@code /archives/{channel}/p{ts without its dot}}. */
    private ObjectNode permalink(String channel, String ts) {
        if (channel == null || !workspace.channels.containsKey(channel)) {
            return error("channel_not_found");
        }
        Workspace.Message m =
                ts == null ? null : workspace.findMessage(channel, ts).orElse(null);
        if (m == null || m.deleted) {
            return error("message_not_found");
        }
        String link = "https://emulated.slack.test/archives/" + channel + "/p" + ts.replace(".", "");
        if (m.threadTs != null && !m.threadTs.equals(ts)) {
            link += "?thread_ts=" + m.threadTs + "&cid=" + channel;
        }
        return ok().put("channel", channel).put("permalink", link);
    }

    /** conversations.info: the channel's name and kind, for a token that may read it. */
    private ObjectNode conversationInfo(Workspace.Token t, String channel) {
        Workspace.Channel ch = channel == null ? null : workspace.channels.get(channel);
        if (ch == null) {
            return error("channel_not_found");
        }
        ObjectNode refused = refuse(t, ch, "read");
        if (refused != null) {
            return refused;
        }
        ObjectNode r = ok();
        ObjectNode c = r.putObject("channel")
                .put("id", ch.id())
                .put("is_channel", !ch.isPrivate() && !ch.isIm())
                .put("is_group", ch.isPrivate() && !ch.isIm())
                .put("is_im", ch.isIm())
                .put("is_private", ch.isPrivate());
        if (!ch.isIm()) {
            c.put("name", ch.name());
        }
        return r;
    }

    /** conversations.members, paged as Slack pages: {@code limit} (default 100), an opaque cursor. */
    private ObjectNode members(Workspace.Token t, Map<String, String> params) {
        Workspace.Channel ch = workspace.channels.get(params.getOrDefault("channel", ""));
        if (ch == null) {
            return error("channel_not_found");
        }
        ObjectNode refused = refuse(t, ch, "read");
        if (refused != null) {
            return refused;
        }
        int limit;
        int from;
        try {
            limit = Math.max(1, Math.min(1000, Integer.parseInt(params.getOrDefault("limit", "100"))));
            from = cursorOffset(params.get("cursor"));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return error("invalid_cursor");
        }
        List<String> all = List.copyOf(ch.members());
        ObjectNode r = ok();
        ArrayNode page = r.putArray("members");
        all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()))
                .forEach(page::add);
        r.putObject("response_metadata").put("next_cursor", from + limit < all.size() ? cursor(from + limit) : "");
        return r;
    }

    /**
     * Slack's answer when {@code t} may not read {@code ch}: the scope for its kind
     * ({@code im:}, {@code groups:} or {@code channels:} with {@code what}), and membership of a
     * private one, which Slack reports as not found. Null when it may.
     */
    private static ObjectNode refuse(Workspace.Token t, Workspace.Channel ch, String what) {
        String scope = (ch.isIm() ? "im:" : ch.isPrivate() ? "groups:" : "channels:") + what;
        if (!t.scopes().contains(scope)) {
            return error("missing_scope")
                    .put("needed", scope)
                    .put("provided", String.join(",", new TreeSet<>(t.scopes())));
        }
        if (ch.isPrivate() && !ch.members().contains(t.userId())) {
            return error("channel_not_found");
        }
        return null;
    }

    /** Slack's cursors are opaque; the emulator's encode an offset, as base64 of {@code offset:N}. */
    private static String cursor(int offset) {
        return Base64.getEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int cursorOffset(String cursor) {
        return cursor == null || cursor.isEmpty()
                ? 0
                : Integer.parseInt(new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .substring("offset:".length()));
    }

    private static boolean isJsonArray(String text) {
        try {
            return Json.mapper().readTree(text).isArray();
        } catch (IOException e) {
            return false;
        }
    }

    private ObjectNode chatDelete(Workspace.Token t, String channel, String ts) {
        Workspace.Message m = workspace.messages.stream()
                .filter(x -> x.channel.equals(channel) && x.ts.equals(ts))
                .findFirst()
                .orElse(null);
        if (m == null || m.deleted) {
            return error("message_not_found");
        }
        Workspace.User caller = workspace.users.get(t.userId());
        boolean admin = caller.role() == Workspace.Role.ADMIN || caller.role() == Workspace.Role.OWNER;
        if (!m.user.equals(caller.id()) && !admin) {
            return error("cant_delete_message");
        }
        m.deleted = true;
        return ok().put("channel", channel).put("ts", ts);
    }

    /**
     * conversations.history (top-level messages, newest first) or .replies (one thread, oldest first),
     * paged as Slack pages them: {@code limit} (default 100, at most 1000), {@code has_more}, and an
     * opaque {@code response_metadata.next_cursor} to pass back as {@code cursor}.
     */
    private ObjectNode history(Workspace.Token t, Map<String, String> params, boolean replies) {
        Workspace.Channel ch = workspace.channels.get(params.getOrDefault("channel", ""));
        if (ch == null) {
            return error("channel_not_found");
        }
        ObjectNode refused = refuse(t, ch, "history");
        if (refused != null) {
            return refused;
        }
        double oldest = params.containsKey("oldest") ? Double.parseDouble(params.get("oldest")) : 0;
        boolean metadata =
                "true".equals(params.get("include_all_metadata")) || "1".equals(params.get("include_all_metadata"));
        String thread = params.get("ts");
        var selected = workspace.messages.stream()
                .filter(m -> m.channel.equals(ch.id()) && !m.deleted && Double.parseDouble(m.ts) > oldest)
                .filter(m -> replies ? (m.ts.equals(thread) || thread.equals(m.threadTs)) : m.threadTs == null)
                .toList();
        var ordered = new ArrayList<>(selected);
        if (!replies) {
            Collections.reverse(ordered);
        }
        int limit;
        int offset;
        try {
            limit = Math.min(1000, Math.max(1, Integer.parseInt(params.getOrDefault("limit", "100"))));
            offset = cursorOffset(params.get("cursor"));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return error("invalid_cursor");
        }
        boolean more = offset + limit < ordered.size();
        ObjectNode r = ok().put("has_more", more);
        if (more) {
            r.putObject("response_metadata").put("next_cursor", cursor(offset + limit));
        }
        ArrayNode out = r.putArray("messages");
        for (Workspace.Message m :
                ordered.subList(Math.min(offset, ordered.size()), Math.min(offset + limit, ordered.size()))) {
            ObjectNode o = out.addObject()
                    .put("type", "message")
                    .put("user", m.user)
                    .put("text", m.text)
                    .put("ts", m.ts);
            Workspace.User u = workspace.users.get(m.user);
            if (u != null && u.botId() != null) {
                o.put("bot_id", u.botId());
            }
            if (m.threadTs != null) {
                o.put("thread_ts", m.threadTs);
            }
            if (metadata && m.metadata != null) {
                try {
                    o.set("metadata", Json.mapper().readTree(m.metadata));
                } catch (IOException e) {
                    o.put("metadata_error", "unparseable");
                }
            }
        }
        return r;
    }

    private ObjectNode conversationsOpen(Workspace.Token t, String users) {
        if (users == null || !workspace.users.containsKey(users)) {
            return error("user_not_found");
        }
        String id = workspace.imWith(users).orElseGet(() -> {
            String dm = "D" + users.substring(1);
            workspace.channels.put(dm, new Workspace.Channel(dm, users, true, true, Set.of(users, t.userId())));
            return dm;
        });
        ObjectNode r = ok();
        r.putObject("channel").put("id", id);
        return r;
    }

    private ObjectNode usersInfo(String userId) {
        Workspace.User u = userId == null ? null : workspace.users.get(userId);
        if (u == null) {
            return error("user_not_found");
        }
        ObjectNode r = ok();
        r.putObject("user")
                .put("id", u.id())
                .put("name", u.name())
                .put("is_admin", u.role() == Workspace.Role.ADMIN || u.role() == Workspace.Role.OWNER)
                .put("is_owner", u.role() == Workspace.Role.OWNER)
                .put("is_bot", u.role() == Workspace.Role.BOT);
        return r;
    }

    private ObjectNode fileObject(Workspace.File f) {
        ObjectNode o = Json.mapper()
                .createObjectNode()
                .put("id", f.id)
                .put("name", f.name)
                .put("title", f.name)
                .put("mimetype", f.mimetype)
                .put("filetype", f.filetype)
                .put("user", f.owner)
                .put("size", f.bytes.length)
                .put("mode", "hosted")
                .put("file_access", "visible")
                .put("url_private", fileUrl(f.id))
                .put("url_private_download", fileUrl(f.id) + "?download=1");
        if (f.width > 0) {
            o.put("original_w", f.width).put("original_h", f.height);
        }
        f.thumbs.forEach((size, thumb) -> {
            o.put("thumb_" + size, thumbUrl(f.id, size));
            o.put("thumb_" + size + "_w", thumb.w());
            o.put("thumb_" + size + "_h", thumb.h());
        });
        if (f.videoPoster != null) {
            o.put("thumb_video", videoPosterUrl(f.id));
            o.put("thumb_video_w", f.videoPoster.w());
            o.put("thumb_video_h", f.videoPoster.h());
        }
        ArrayNode channels = o.putArray("channels");
        f.channels.forEach(channels::add);
        return o;
    }

    static ObjectNode ok() {
        return Json.mapper().createObjectNode().put("ok", true);
    }

    static ObjectNode error(String error) {
        return Json.mapper().createObjectNode().put("ok", false).put("error", error);
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String bearer(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.startsWith("Bearer ")
                ? auth.substring("Bearer ".length()).trim()
                : null;
    }

    private static Map<String, String> params(HttpExchange ex) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            parseForm(query, params);
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        if (body.length > 0) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            String text = new String(body, StandardCharsets.UTF_8);
            if (type != null && type.startsWith("application/json")) {
                Json.mapper()
                        .readTree(text)
                        .properties()
                        .forEach(e -> params.put(
                                e.getKey(),
                                e.getValue().isTextual()
                                        ? e.getValue().asText()
                                        : e.getValue().toString()));
            } else {
                parseForm(text, params);
            }
        }
        return params;
    }

    private static void parseForm(String form, Map<String, String> into) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
    }
}
