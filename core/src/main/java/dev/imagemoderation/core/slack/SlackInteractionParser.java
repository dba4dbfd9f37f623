package dev.imagemoderation.core.slack;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads an interaction: over HTTP a form-encoded body with one field, {@code payload}, holding
 * the JSON; over Socket Mode the JSON itself.
 */
public final class SlackInteractionParser {

    /** @throws MalformedEnvelopeException when the body is not a form with a JSON {@code payload} */
    public SlackInteraction parseForm(byte[] body) throws MalformedEnvelopeException {
        String form = new String(body, StandardCharsets.UTF_8);
        String payload = null;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("payload")) {
                try {
                    payload = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new MalformedEnvelopeException("the payload field is not URL-encoded");
                }
            }
        }
        if (payload == null) {
            throw new MalformedEnvelopeException("body has no payload field");
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(payload);
        } catch (JacksonException e) {
            throw new MalformedEnvelopeException("payload is not valid JSON: " + e.getOriginalMessage());
        }
        return parse(json);
    }

    public SlackInteraction parse(JsonNode p) throws MalformedEnvelopeException {
        if (p == null || !p.isObject()) {
            throw new MalformedEnvelopeException("payload is not a JSON object");
        }
        String type = text(p, "type");
        if (type == null) {
            throw new MalformedEnvelopeException("payload has no 'type' string");
        }
        if (!type.equals("block_actions")) {
            return new SlackInteraction.Unsupported(type);
        }
        JsonNode action = p.path("actions").path(0);
        String userId = text(p.path("user"), "id");
        String teamId = firstText(p.path("team"), "id", p.path("user"), "team_id");
        String channel = firstText(p.path("container"), "channel_id", p.path("channel"), "id");
        String messageTs = text(p.path("container"), "message_ts");
        String actionId = text(action, "action_id");
        if (userId == null || teamId == null || actionId == null) {
            throw new MalformedEnvelopeException("block_actions payload lacks the user, the team or the action");
        }
        return new SlackInteraction.ButtonClick(
                teamId,
                userId,
                firstText(p.path("user"), "username", p.path("user"), "name"),
                channel,
                messageTs,
                actionId,
                text(action, "value"),
                text(p, "response_url"),
                text(action, "action_ts"));
    }

    private static String firstText(JsonNode a, String aField, JsonNode b, String bField) {
        String first = text(a, aField);
        return first != null ? first : text(b, bField);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
