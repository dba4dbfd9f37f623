package dev.imagemoderation.core.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the images a message shows that are not files: its attachments' {@code image_url}
 * and {@code thumb_url} (Slack's link previews, and apps' legacy attachments), and every
 * {@code image} block or element in its {@code blocks}, including blocks inside attachments
 * and image accessories of sections and images in context blocks.
 */
final class RemoteImages {

    /** Slack renders at most 50 blocks and 100 attachments; a bound keeps a hostile payload from growing the queue message. */
    static final int MAX_PER_MESSAGE = 50;

    private RemoteImages() {}

    static List<RemoteImage> shownBy(JsonNode message, String channel, String ts) {
        Map<String, RemoteImage> byUrl = new LinkedHashMap<>();
        for (JsonNode a : message.path("attachments")) {
            String title = firstText(a, "title", "fallback");
            add(byUrl, channel, ts, a, "image_url", "image_width", "image_height", "image_bytes", title);
            add(byUrl, channel, ts, a, "thumb_url", "thumb_width", "thumb_height", null, title);
            walkBlocks(a.path("blocks"), byUrl, channel, ts);
        }
        walkBlocks(message.path("blocks"), byUrl, channel, ts);
        return new ArrayList<>(byUrl.values());
    }

    private static void add(
            Map<String, RemoteImage> byUrl,
            String channel,
            String ts,
            JsonNode a,
            String urlField,
            String wField,
            String hField,
            String bytesField,
            String title) {
        String url = SlackEnvelopeParser.text(a, urlField);
        if (url == null || url.isBlank() || byUrl.size() >= MAX_PER_MESSAGE) {
            return;
        }
        Long bytes = bytesField != null && a.path(bytesField).canConvertToLong()
                ? a.path(bytesField).asLong()
                : null;
        byUrl.putIfAbsent(
                url,
                RemoteImage.of(
                        channel,
                        ts,
                        url,
                        RemoteImage.Origin.LINK_PREVIEW,
                        SlackEnvelopeParser.intOrNull(a, wField),
                        SlackEnvelopeParser.intOrNull(a, hField),
                        bytes,
                        title));
    }

    /** Any object of type {@code image} with an {@code image_url}, at any depth of the blocks. */
    private static void walkBlocks(JsonNode node, Map<String, RemoteImage> byUrl, String channel, String ts) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                walkBlocks(child, byUrl, channel, ts);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String url = SlackEnvelopeParser.text(node, "image_url");
        if ("image".equals(SlackEnvelopeParser.text(node, "type"))
                && url != null
                && !url.isBlank()
                && byUrl.size() < MAX_PER_MESSAGE) {
            String title = firstText(node, "alt_text", null);
            if (title == null && node.path("title").isObject()) {
                title = SlackEnvelopeParser.text(node.path("title"), "text");
            }
            byUrl.putIfAbsent(
                    url, RemoteImage.of(channel, ts, url, RemoteImage.Origin.IMAGE_BLOCK, null, null, null, title));
        }
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                walkBlocks(child, byUrl, channel, ts);
            }
        }
    }

    private static String firstText(JsonNode node, String a, String b) {
        String first = SlackEnvelopeParser.text(node, a);
        return first != null || b == null ? first : SlackEnvelopeParser.text(node, b);
    }
}
