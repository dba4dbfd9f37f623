package dev.imagemoderation.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.asl.Execution;
import dev.imagemoderation.asl.HistoryEvent;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.statemachine.ModerationWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What the audit console shows of an execution, read from the execution alone (its input,
 * output and history) — the same facts the Step Functions console offers in AWS.
 */
final class ExecutionView {

    /** The workflow's tasks that talk to Slack: their results are "the Slack calls made". */
    static final Set<String> SLACK_STATES = Set.copyOf(ModerationWorkflow.States.SLACK_CALLS);

    private ExecutionView() {}

    static ObjectNode summary(Execution e) {
        JsonNode input = input(e);
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("name", e.name())
                .put("status", e.status().name())
                .put("startDate", e.startDate().toString());
        if (e.stopDate() != null) {
            s.put("stopDate", e.stopDate().toString())
                    .put(
                            "durationMs",
                            Duration.between(e.startDate(), e.stopDate()).toMillis());
        }
        s.put("channelId", input.path("channelId").asText(null))
                .put("userId", input.path("userId").asText(null));
        ArrayNode files = s.putArray("files");
        input.path("files")
                .forEach(f -> files.addObject()
                        .put("id", f.path("id").asText())
                        .put("name", f.path("name").asText()));
        s.put("verdict", verdict(e));
        JsonNode scans = scans(e);
        List<JsonNode> labels = new ArrayList<>();
        String detector = null;
        for (JsonNode scan : scans) {
            scan.path("detection").path("ModerationLabels").forEach(labels::add);
            if (detector == null && scan.path("detection").hasNonNull("ModerationModelVersion")) {
                detector = scan.path("detection").path("ModerationModelVersion").asText();
            }
        }
        labels.sort(
                Comparator.comparingDouble((JsonNode l) -> l.path("Confidence").asDouble())
                        .reversed());
        ArrayNode top = s.putArray("topLabels");
        labels.stream()
                .limit(3)
                .forEach(l -> top.addObject()
                        .put("name", l.path("Name").asText())
                        .put("confidence", Math.round(l.path("Confidence").asDouble() * 10) / 10.0));
        s.put("detector", detector);
        if (e.status() == Execution.Status.FAILED) {
            s.put("error", e.error()).put("cause", e.cause());
        }
        return s;
    }

    static ObjectNode detail(Execution e) {
        ObjectNode d = summary(e);
        d.set("input", input(e));
        d.set("output", e.output());
        ArrayNode rules = d.putArray("rules");
        for (JsonNode scan : scans(e)) {
            for (JsonNode rule : scan.path("verdict").path("rules")) {
                rules.addObject()
                        .put("fileId", scan.path("file").path("id").asText())
                        .setAll((ObjectNode) rule.deepCopy());
            }
        }
        ArrayNode remembered = d.putArray("remembered");
        for (JsonNode scan : scans(e)) {
            JsonNode recalled = scan.path("verdict").path("recalled");
            if (recalled.isObject()) {
                remembered
                        .addObject()
                        .put("fileId", scan.path("file").path("id").asText())
                        .setAll((ObjectNode) recalled.deepCopy());
            }
        }
        ArrayNode slackCalls = d.putArray("slackCalls");
        d.set("quarantined", quarantined(e));
        ArrayNode history = d.putArray("history");
        for (HistoryEvent h : e.history()) {
            history.addObject()
                    .put("id", h.id())
                    .put("previousEventId", h.previousEventId())
                    .put("type", h.type())
                    .put("timestamp", h.timestamp().toString())
                    .set("details", h.details());
            String state = h.details().path("name").asText("");
            if (SLACK_STATES.contains(state)
                    && (h.type().equals("TaskSucceeded") || h.type().equals("TaskFailed"))) {
                slackCalls
                        .addObject()
                        .put("state", state)
                        .put("type", h.type())
                        .put("timestamp", h.timestamp().toString())
                        .set(
                                "result",
                                h.type().equals("TaskSucceeded")
                                        ? h.details().path("output").path("Payload")
                                        : h.details().path("cause"));
            }
        }
        return d;
    }

    /** The verdict of a finished execution (REMOVE, REVIEW, ALLOW), or null. */
    static String verdict(Execution e) {
        return e.status() == Execution.Status.SUCCEEDED
                ? e.output().path("action").asText(null)
                : null;
    }

    /** {@code {fileId, quarantineKey}} of each file the QuarantineFiles state copied. */
    static ArrayNode quarantined(Execution e) {
        ArrayNode quarantined = Json.mapper().createArrayNode();
        for (HistoryEvent h : e.history()) {
            if (h.type().endsWith("StateExited")
                    && h.details().path("name").asText("").equals(ModerationWorkflow.States.QUARANTINE_FILES)) {
                items(h.details().path("output")).forEach(quarantined::add);
            }
        }
        return quarantined;
    }

    /** Each file's scan (file, image, detection, verdict) from the ScanFiles state's output. */
    static JsonNode scans(Execution e) {
        JsonNode found = Json.mapper().createArrayNode();
        for (HistoryEvent h : e.history()) {
            if (h.type().endsWith("StateExited")
                    && h.details().path("name").asText("").equals(ModerationWorkflow.States.SCAN_FILES)) {
                found = Json.mapper()
                        .valueToTree(items(h.details().path("output").path("scans")));
            }
        }
        return found;
    }

    /** JSONata gives a one-element sequence as the element itself: read both as a list. */
    static List<JsonNode> items(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            items.add(node);
        }
        return items;
    }

    /** When ingest received the event (the execution input's {@code receivedAt}), if readable. */
    static Instant receivedAt(Execution e) {
        JsonNode at = input(e).path("receivedAt");
        try {
            return at.isNumber()
                    ? Instant.ofEpochMilli(Math.round(at.asDouble() * 1000))
                    : at.isTextual() ? Instant.parse(at.asText()) : null;
        } catch (DateTimeParseException ex) {
            return null;
        }
    }

    static JsonNode input(Execution e) {
        try {
            return Json.mapper().readTree(e.input());
        } catch (Exception ex) {
            return Json.mapper().createObjectNode();
        }
    }
}
