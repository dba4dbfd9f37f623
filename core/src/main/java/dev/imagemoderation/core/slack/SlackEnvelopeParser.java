package dev.imagemoderation.core.slack;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagemoderation.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an Events API envelope from the raw request body. Only the fields moderation
 * uses are kept; everything else, including the deprecated verification token, is
 * ignored.
 */
public final class SlackEnvelopeParser {

    private static final Pattern THUMB_URL_KEY = Pattern.compile("thumb_(\\d+)");

    private final ObjectMapper mapper;

    public SlackEnvelopeParser() {
        this(Json.mapper());
    }

    public SlackEnvelopeParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public SlackEnvelope parse(byte[] body) throws MalformedEnvelopeException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedEnvelopeException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedEnvelopeException("body could not be read", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEnvelopeException("body is not a JSON object");
        }
        return parse(root);
    }

    public SlackEnvelope parse(JsonNode root) throws MalformedEnvelopeException {
        String type = requiredText(root, "type", "envelope");
        return switch (type) {
            case "url_verification" ->
                new SlackEnvelope.UrlVerification(requiredText(root, "challenge", "url_verification"));
            case "app_rate_limited" ->
                new SlackEnvelope.AppRateLimited(
                        text(root, "team_id"),
                        text(root, "api_app_id"),
                        root.path("minute_rate_limited").asLong());
            case "event_callback" -> eventCallback(root);
            default -> new SlackEnvelope.Unsupported(type);
        };
    }

    private SlackEnvelope.EventCallback eventCallback(JsonNode root) throws MalformedEnvelopeException {
        String eventId = requiredText(root, "event_id", "event_callback");
        String teamId = requiredText(root, "team_id", "event_callback");
        JsonNode event = root.get("event");
        if (event == null || !event.isObject()) {
            throw new MalformedEnvelopeException("event_callback has no event object");
        }
        String eventType = requiredText(event, "type", "event");
        MessageEvent message = "message".equals(eventType) ? message(event) : null;
        return new SlackEnvelope.EventCallback(
                eventId,
                teamId,
                enterpriseId(root),
                text(root, "api_app_id"),
                root.path("event_time").asLong(),
                eventType,
                message);
    }

    private static String enterpriseId(JsonNode root) {
        String direct = text(root, "enterprise_id");
        if (direct != null) {
            return direct;
        }
        for (JsonNode auth : root.path("authorizations")) {
            String fromAuth = text(auth, "enterprise_id");
            if (fromAuth != null) {
                return fromAuth;
            }
        }
        return null;
    }

    private MessageEvent message(JsonNode event) throws MalformedEnvelopeException {
        String subtype = text(event, "subtype");
        String channel = text(event, "channel");
        if (MessageEvent.MESSAGE_CHANGED.equals(subtype)) {
            return edit(event, channel);
        }
        String ts = text(event, "ts");
        return new MessageEvent(
                subtype,
                channel,
                text(event, "channel_type"),
                text(event, "user"),
                text(event, "bot_id"),
                appId(event),
                ts,
                text(event, "thread_ts"),
                files(event),
                RemoteImages.shownBy(event, channel, ts),
                List.of());
    }

    /**
     * {@code message_changed}: the edited message is inside, under {@code message}, and what it
     * was before under {@code previous_message}. Its files were moderated when they were shared,
     * so only its images are read.
     */
    private static MessageEvent edit(JsonNode event, String channel) throws MalformedEnvelopeException {
        JsonNode message = event.get("message");
        if (message == null || !message.isObject()) {
            throw new MalformedEnvelopeException("message_changed event has no message object");
        }
        String ts = text(message, "ts");
        JsonNode previous = event.path("previous_message");
        return new MessageEvent(
                MessageEvent.MESSAGE_CHANGED,
                channel,
                text(event, "channel_type"),
                text(message, "user"),
                text(message, "bot_id"),
                appId(message),
                ts,
                text(message, "thread_ts"),
                List.of(),
                RemoteImages.shownBy(message, channel, ts),
                previous.isObject() ? RemoteImages.shownBy(previous, channel, ts) : List.of());
    }

    private static String appId(JsonNode message) {
        return firstText(message, "app_id", message.path("bot_profile"), "app_id");
    }

    private static List<SlackFile> files(JsonNode event) throws MalformedEnvelopeException {
        JsonNode filesNode = event.path("files");
        List<SlackFile> files = new ArrayList<>();
        if (filesNode.isArray()) {
            for (JsonNode f : filesNode) {
                if (!f.isObject()) {
                    throw new MalformedEnvelopeException("message event has a file that is not an object");
                }
                files.add(file(f));
            }
        } else if (!filesNode.isMissingNode() && !filesNode.isNull()) {
            throw new MalformedEnvelopeException("message event has files that are not an array");
        }
        return files;
    }

    private static SlackFile file(JsonNode f) {
        Map<Integer, Thumbnail> thumbs = new TreeMap<>();
        for (Iterator<String> names = f.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Matcher m = THUMB_URL_KEY.matcher(name);
            if (m.matches() && f.get(name).isTextual()) {
                thumbs.put(
                        Integer.valueOf(m.group(1)),
                        new Thumbnail(f.get(name).asText(), intOrNull(f, name + "_w"), intOrNull(f, name + "_h")));
            }
        }
        return new SlackFile(
                text(f, "id"),
                text(f, "name"),
                text(f, "mimetype"),
                text(f, "filetype"),
                f.hasNonNull("size") && f.get("size").canConvertToLong()
                        ? f.get("size").asLong()
                        : null,
                text(f, "mode"),
                text(f, "file_access"),
                text(f, "url_private"),
                intOrNull(f, "original_w"),
                intOrNull(f, "original_h"),
                new TreeMap<>(thumbs),
                f.hasNonNull("thumb_video") && f.get("thumb_video").isTextual()
                        ? new Thumbnail(
                                f.get("thumb_video").asText(),
                                intOrNull(f, "thumb_video_w"),
                                intOrNull(f, "thumb_video_h"))
                        : null);
    }

    private static String firstText(JsonNode a, String aField, JsonNode b, String bField) {
        String first = text(a, aField);
        return first != null ? first : text(b, bField);
    }

    private static String requiredText(JsonNode node, String field, String where) throws MalformedEnvelopeException {
        String value = text(node, field);
        if (value == null || value.isEmpty()) {
            throw new MalformedEnvelopeException(where + " has no '" + field + "' string");
        }
        return value;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** Slack sends dimensions as numbers, but some older payloads carry them as strings. */
    static Integer intOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.canConvertToInt()) {
            return v.asInt();
        }
        if (v.isTextual()) {
            try {
                return Integer.valueOf(v.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
