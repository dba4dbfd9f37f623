package dev.imagemoderation.testkit.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Events API payloads written from Slack's documented formats, one JSON file per case
 * under {@code dev/imagemoderation/testkit/slack/events/}. All use team {@value #TEAM},
 * app {@value #OWN_APP} / bot {@value #OWN_BOT} as "our" app, channel {@value #CHANNEL}.
 */
public final class SlackPayloads {

    public static final String TEAM = "T0MODTEAM1";
    public static final String OWN_APP = "A0MODBOT01";
    public static final String OWN_BOT = "B0MODBOT01";
    public static final String OTHER_BOT = "B0OTHERBOT";
    public static final String CHANNEL = "C0GENERAL1";
    public static final String POSTER = "U0POSTER01";

    /** A message with three files: a JPEG, a PNG and a PDF without thumbnails. */
    public static final String MESSAGE_THREE_FILES_TWO_IMAGES = "message_three_files_two_images";
    /** A single image upload as current clients send it: no subtype. */
    public static final String MESSAGE_IMAGE_NO_SUBTYPE = "message_image_no_subtype";
    /** A single image upload with the legacy {@code file_share} subtype. */
    public static final String MESSAGE_FILE_SHARE = "message_file_share";
    /** A Slack Connect message whose file arrives as a stub ({@code file_access: check_file_info}). */
    public static final String MESSAGE_STUB_FILE = "message_stub_file";
    /** A thread reply also sent to the channel, with an image. */
    public static final String THREAD_BROADCAST_WITH_FILES = "thread_broadcast_with_files";
    /** Another app's bot posting an image. */
    public static final String OTHER_BOT_IMAGE = "other_bot_image";
    /** Our own bot's post with an image (e.g. a notice). */
    public static final String OWN_BOT_IMAGE = "own_bot_image";

    public static final String MESSAGE_WITHOUT_FILES = "message_without_files";
    public static final String MESSAGE_ONLY_PDF = "message_only_pdf";
    public static final String MESSAGE_CHANGED = "message_changed";
    public static final String MESSAGE_DELETED = "message_deleted";
    public static final String REACTION_ADDED = "reaction_added";
    public static final String URL_VERIFICATION = "url_verification";
    public static final String APP_RATE_LIMITED = "app_rate_limited";

    private SlackPayloads() {}

    /** The payload's JSON text. */
    public static String json(String name) {
        String path = "/dev/imagemoderation/testkit/slack/events/" + name + ".json";
        try (InputStream in = SlackPayloads.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no Slack payload fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload posted in another channel. */
    public static String inChannel(String name, String channelId) {
        return edit(name, root -> ((ObjectNode) root.get("event")).put("channel", channelId));
    }

    private static String edit(String name, Consumer<ObjectNode> change) {
        try {
            JsonNode root = Json.mapper().readTree(json(name));
            change.accept((ObjectNode) root);
            return Json.mapper().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
