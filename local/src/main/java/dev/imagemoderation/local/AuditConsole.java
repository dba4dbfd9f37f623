package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.LocalStepFunctions;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.review.ReviewAction;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The local stand-in for the Step Functions console: a static page over a JSON API.
 * <ul>
 *   <li>{@code GET /api/executions?verdict=&status=&page=&size=} newest first</li>
 *   <li>{@code GET /api/executions/{name}}: history, each state's input and output, rules fired, Slack calls, reveals</li>
 *   <li>{@code GET /api/executions/{name}/files/{fileId}/preview}: the quarantined image, blurred and grey</li>
 *   <li>{@code POST /api/executions/{name}/files/{fileId}/reveal} with {@code {token, moderator, reason}}: the
 *       original, logged first</li>
 *   <li>{@code POST /api/demo/click} with {@code {token, channel, ts, actionId, user}} (demo only): the
 *       emulator delivers that user's click on the message's button, as Slack would</li>
 *   <li>{@code POST /api/executions/{name}/review} with {@code {token, action, moderator}}: a moderator's
 *       decision on the report, through the same review workflow as a click in Slack</li>
 *   <li>{@code GET /api/audit}: every reveal; {@code GET /api/audit/chain}: whether the log's hash chain is intact</li>
 * </ul>
 */
final class AuditConsole {

    /** What the demo adds to the console: the emulated workspace and a way to post again. */
    interface Demo {
        JsonNode slackView();

        JsonNode postImages();

        /**
         * {@code user} clicks the button {@code actionId} of message {@code ts} in {@code channel}:
         * the emulator delivers it exactly as Slack would.
         *
         * @throws IllegalArgumentException when there is no such message or button
         */
        JsonNode click(String channel, String ts, String actionId, String user);
    }

    /** The review workflow as the console sees it: the decisions on a moderation, and a way to make one. */
    interface Reviews {
        /** The review executions of one moderation, oldest first. */
        List<Execution> of(String moderation);

        /** Queues a decision as a click would be queued; returns the queue's message id. */
        String submit(ReviewRequest request);
    }

    static final int MAX_PAGE_SIZE = 200;
    static final int MAX_MODERATOR_NAME = 64;

    private final LocalStepFunctions runner;
    private final S3Client s3;
    private final String bucket;
    private final RevealLog reveals;
    private final ObjectNode info;
    private final Demo demo;
    private final Reviews decisions;
    private final SlackNames names;
    /** A new one at every start: the token state-changing calls must carry. */
    private final String sessionToken = newToken();

    AuditConsole(
            LocalStepFunctions runner,
            S3Client s3,
            String bucket,
            RevealLog reveals,
            ObjectNode info,
            Demo demo,
            Reviews decisions,
            SlackNames names) {
        this.decisions = decisions;
        this.names = names;
        this.runner = runner;
        this.s3 = s3;
        this.bucket = bucket;
        this.reveals = reveals;
        this.info = info.deepCopy().put("token", sessionToken);
        this.demo = demo;
    }

    /**
     * The page's policy: its own script only (no inline code an injected string could become), and no
     * framing by another site (clickjacking the reveal button).
     */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' blob:; style-src 'self' 'unsafe-inline';"
                    + " script-src 'self'; frame-ancestors 'none'";

    void page(HttpExchange ex) throws IOException {
        if (!hostAllowed(ex)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        String resource = path.equals("/") || path.equals("/index.html")
                ? "console.html"
                : path.equals("/console.js") ? "console.js" : null;
        if (resource == null) {
            HttpFront.send(ex, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = AuditConsole.class.getResourceAsStream(resource)) {
            ex.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            ex.getResponseHeaders().set("X-Frame-Options", "DENY");
            HttpFront.send(
                    ex,
                    200,
                    resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8",
                    in.readAllBytes());
        }
    }

    /**
     * DNS rebinding defence: a foreign site that points its own name at 127.0.0.1 sends its name as the
     * Host; only the addresses this console is served on are answered.
     */
    private boolean hostAllowed(HttpExchange ex) throws IOException {
        String host = ex.getRequestHeaders().getFirst("Host");
        int port = ex.getLocalAddress().getPort();
        String bound = ex.getLocalAddress().getAddress().getHostAddress();
        boolean ok = host != null
                && (host.equals("127.0.0.1:" + port)
                        || host.equals("localhost:" + port)
                        || host.equals("[::1]:" + port)
                        || host.equals(bound + ":" + port)
                        || host.equals("[" + bound + "]:" + port));
        if (!ok) {
            error(ex, 421, "this console answers only on the address it is served on");
        }
        return ok;
    }

    /**
     * A state-changing call must carry JSON with this start's token, which only the console's own page
     * can read ({@code /api/info}): a foreign page can neither read it nor send JSON without a preflight.
     */
    private JsonNode stateChanging(HttpExchange ex) throws IOException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            error(ex, 415, "send the request as application/json");
            return null;
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(ex.getRequestBody().readNBytes(8192));
        } catch (IOException bad) {
            error(ex, 400, "the body is not JSON");
            return null;
        }
        String token = body == null ? "" : body.path("token").asText("");
        if (!MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8), sessionToken.getBytes(StandardCharsets.UTF_8))) {
            error(ex, 403, "missing or wrong console token: reload the console");
            return null;
        }
        return body;
    }

    void api(HttpExchange ex) throws IOException {
        if (!hostAllowed(ex)) {
            return;
        }
        String[] parts =
                ex.getRequestURI().getRawPath().substring("/api/".length()).split("/");
        String method = ex.getRequestMethod();
        if (parts[0].equals("info") && method.equals("GET")) {
            json(ex, 200, info);
        } else if (parts[0].equals("audit") && parts.length == 2 && parts[1].equals("chain") && method.equals("GET")) {
            RevealLog.Chain chain = reveals.verify();
            ObjectNode body = Json.mapper()
                    .createObjectNode()
                    .put("intact", chain.intact())
                    .put("entries", chain.entries());
            if (chain.brokenAt() != null) {
                body.put("brokenAt", chain.brokenAt());
            }
            json(ex, 200, body);
        } else if (parts[0].equals("audit") && method.equals("GET")) {
            json(ex, 200, reveals.all());
        } else if (parts[0].equals("executions") && parts.length == 1 && method.equals("GET")) {
            list(ex);
        } else if (parts[0].equals("executions") && parts.length == 2 && method.equals("GET")) {
            Execution e = runner.describe(decode(parts[1]));
            if (e == null) {
                error(ex, 404, "no execution named " + decode(parts[1]));
                return;
            }
            ObjectNode detail = ExecutionView.detail(e);
            named(detail);
            detail.set("reveals", reveals.forExecution(e.name()));
            detail.set("reviews", reviewsOf(e));
            json(ex, 200, detail);
        } else if (parts[0].equals("executions") && parts.length == 3 && parts[2].equals("review")) {
            if (!method.equals("POST")) {
                error(ex, 405, "use POST with {token, action, moderator}");
                return;
            }
            JsonNode body = stateChanging(ex);
            if (body != null) {
                decide(ex, decode(parts[1]), body);
            }
        } else if (parts[0].equals("executions") && parts.length == 5 && parts[2].equals("files")) {
            quarantined(ex, decode(parts[1]), decode(parts[3]), parts[4], method);
        } else if (parts[0].equals("demo") && demo != null && parts.length == 2) {
            if (parts[1].equals("slack") && method.equals("GET")) {
                json(ex, 200, demo.slackView());
            } else if (parts[1].equals("post") && method.equals("POST")) {
                if (stateChanging(ex) != null) {
                    json(ex, 202, demo.postImages());
                }
            } else if (parts[1].equals("click") && method.equals("POST")) {
                JsonNode body = stateChanging(ex);
                if (body != null) {
                    try {
                        json(
                                ex,
                                202,
                                demo.click(
                                        body.path("channel").asText(),
                                        body.path("ts").asText(),
                                        body.path("actionId").asText(),
                                        body.path("user").asText()));
                    } catch (IllegalArgumentException e) {
                        error(ex, 400, e.getMessage());
                    }
                }
            } else {
                error(ex, 404, "no such demo resource");
            }
        } else {
            error(ex, 404, "no such resource");
        }
    }

    /** Adds the names of the row's channel and poster, so that the console reads like Slack. */
    private void named(ObjectNode row) {
        row.put("channelName", names.channel(row.path("channelId").asText(null)));
        row.put("userName", names.user(row.path("userId").asText(null)));
    }

    /** The decisions offered on a finished moderation, and those taken, as the execution page shows them. */
    private ObjectNode reviewsOf(Execution e) {
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode offered = out.putArray("offered");
        ArrayNode taken = out.putArray("taken");
        boolean decided = false;
        for (Execution r : decisions.of(e.name())) {
            JsonNode in = parse(r.input());
            String outcome =
                    r.output() == null ? null : r.output().path("outcome").asText(null);
            decided |= "DONE".equals(outcome)
                    && ReviewAction.valueOf(in.path("action").asText("VIEW")).decides();
            taken.addObject()
                    .put("name", r.name())
                    .put("status", r.status().name())
                    .put("action", in.path("action").asText())
                    .put("actor", in.path("actorName").asText(in.path("actorId").asText()))
                    .put("via", in.path("via").asText())
                    .put("startDate", r.startDate().toString())
                    .put("outcome", outcome);
        }
        JsonNode output = e.output();
        boolean reported = e.status() == Execution.Status.SUCCEEDED
                && output != null
                && output.path("report").path("sent").asBoolean();
        if (!decided && e.status() == Execution.Status.FAILED && failureReport(e) != null) {
            ReviewAction retry = ReviewAction.RETRY;
            offered.addObject().put("action", retry.name()).put("label", retry.label());
        }
        if (reported && !decided) {
            try {
                ReviewAction.offeredAfter(Action.valueOf(output.path("action").asText())).stream()
                        .filter(ReviewAction::decides)
                        .forEach(
                                a -> offered.addObject().put("action", a.name()).put("label", a.label()));
            } catch (IllegalArgumentException unknown) {
                // an older output without an action: nothing to offer
            }
        }
        return out;
    }

    /** The failure report a failed moderation posted (ReportFailure's answer in its history), or null. */
    private static JsonNode failureReport(Execution e) {
        return e.history().stream()
                .filter(h -> h.type().equals("TaskSucceeded")
                        && h.details().path("name").asText().equals(ModerationWorkflow.States.REPORT_FAILURE))
                .map(h -> h.details().path("output").path("Payload"))
                .filter(p -> p.path("sent").asBoolean())
                .reduce((first, last) -> last)
                .orElse(null);
    }

    /**
     * A moderator's decision made here, through the same review workflow as a click: the
     * moderator's name is required (it is what the report and the history show), and only a
     * decision the report offers is taken.
     */
    private void decide(HttpExchange ex, String name, JsonNode body) throws IOException {
        Execution e = runner.describe(name);
        if (e == null) {
            error(ex, 404, "no execution named " + name);
            return;
        }
        String moderator = body.path("moderator").asText("").strip();
        if (moderator.isEmpty() || moderator.length() > MAX_MODERATOR_NAME) {
            error(
                    ex,
                    400,
                    "a decision needs the moderator's name (at most " + MAX_MODERATOR_NAME
                            + " characters); it is recorded");
            return;
        }
        ReviewAction action;
        try {
            action = ReviewAction.valueOf(body.path("action").asText(""));
        } catch (IllegalArgumentException bad) {
            error(ex, 400, "action must be one of RESTORE, KEEP_REMOVED, REMOVE, ALLOW, RETRY");
            return;
        }
        boolean offered = false;
        for (JsonNode o : reviewsOf(e).path("offered")) {
            offered |= o.path("action").asText().equals(action.name());
        }
        if (!offered) {
            error(ex, 409, "this moderation's report does not offer " + action.label());
            return;
        }
        JsonNode report = action.onFailure() ? failureReport(e) : e.output().path("report");
        String teamId = action.onFailure()
                ? parse(e.input()).path("teamId").asText()
                : e.output().path("request").path("teamId").asText();
        ReviewRequest review = ReviewRequest.fromConsole(
                teamId,
                action,
                name,
                moderator,
                report.path("channel").asText(),
                report.path("ts").asText(),
                java.time.Instant.now());
        String queued = decisions.submit(review);
        json(ex, 202, Json.mapper().createObjectNode().put("queued", queued).put("review", review.executionName()));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }

    private void list(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex);
        String verdict = q.getOrDefault("verdict", "");
        String status = q.getOrDefault("status", "");
        int size = Math.min(MAX_PAGE_SIZE, Math.max(1, intParam(q.get("size"), 25)));
        int page = Math.max(0, intParam(q.get("page"), 0));
        // Filter and sort on the executions themselves; only the page shown is summarised.
        List<Execution> matching = runner.list().stream()
                .filter(e -> status.isEmpty() || status.equals(e.status().name()))
                .filter(e -> verdict.isEmpty() || verdict.equals(ExecutionView.verdict(e)))
                .sorted(Comparator.comparing(Execution::startDate).reversed().thenComparing(Execution::name))
                .toList();
        ObjectNode body = Json.mapper()
                .createObjectNode()
                .put("total", matching.size())
                .put("page", page)
                .put("size", size);
        ArrayNode items = body.putArray("items");
        matching.stream()
                .skip((long) page * size)
                .limit(size)
                .map(ExecutionView::summary)
                .forEach(row -> {
                    named(row);
                    items.add(row);
                });
        json(ex, 200, body);
    }

    private void quarantined(HttpExchange ex, String name, String fileId, String action, String method)
            throws IOException {
        Execution e = runner.describe(name);
        String key = null;
        if (e != null) {
            for (JsonNode q : ExecutionView.quarantined(e)) {
                if (q.path("fileId").asText().equals(fileId)) {
                    key = q.path("quarantineKey").asText();
                }
            }
        }
        if (key == null) {
            error(ex, 404, "file " + fileId + " was not quarantined by " + name);
            return;
        }
        byte[] original;
        try {
            String k = key;
            original = s3.getObjectAsBytes(b -> b.bucket(bucket).key(k)).asByteArray();
        } catch (NoSuchKeyException gone) {
            error(ex, 410, "the quarantined copy has expired or was deleted");
            return;
        }
        if (action.equals("preview") && method.equals("GET")) {
            HttpFront.send(ex, 200, "image/png", QuarantinePreview.blurred(original));
        } else if (action.equals("reveal") && method.equals("POST")) {
            JsonNode body = stateChanging(ex);
            if (body == null) {
                return;
            }
            String moderator = body.path("moderator").asText("").strip();
            String reason = body.path("reason").asText("").strip();
            if (moderator.isEmpty() || reason.isEmpty()) {
                error(ex, 400, "a reveal needs the moderator's name and a reason; both are logged");
                return;
            }
            // The name typed is the moderator's word; the console login, when there is one, is who typed it.
            String session =
                    ex.getPrincipal() == null ? null : ex.getPrincipal().getUsername();
            reveals.record(name, fileId, key, moderator, reason, session);
            HttpFront.send(ex, 200, "application/octet-stream", original);
        } else {
            error(ex, 405, "use GET .../preview or POST .../reveal");
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        HttpFront.send(ex, status, "application/json", Json.mapper().writeValueAsBytes(body));
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Json.mapper().createObjectNode().put("error", message));
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return q;
    }

    private static int intParam(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
