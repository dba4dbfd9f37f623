package dev.imagemoderation.core.slack;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.imagemoderation.core.digest.Sha256;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An image a message shows that is not a Slack file: a link preview's {@code image_url} or
 * {@code thumb_url}, or an {@code image} block or element an app posted. It is fetched from
 * the open web, never with a token, and only after the fetch has refused private, loopback
 * and metadata addresses. It cannot be deleted alone: removing it deletes the message.
 *
 * @param id {@code R} and 16 hex digits of a hash of the channel, the message and the URL, so the same
 *     preview in the same message always has the same id
 * @param width what Slack says of the image's size, when it says; never trusted for limits
 * @param bytes likewise
 * @param title the preview's title or the block's alt text, unescaped
 */
@JsonPropertyOrder({"id", "url", "origin", "width", "height", "bytes", "title"})
public record RemoteImage(String id, String url, Origin origin, Integer width, Integer height, Long bytes, String title)
        implements ScanItem {

    /** Where in the message Slack shows it. */
    public enum Origin {
        /** An attachment: Slack's unfurl of a link, or an app's legacy attachment. */
        LINK_PREVIEW,
        /** A Block Kit {@code image} block, or an image element in a section or context block. */
        IMAGE_BLOCK
    }

    public RemoteImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
    }

    /** The image shown at {@code url} in message {@code messageTs} of {@code channel}. */
    public static RemoteImage of(
            String channel,
            String messageTs,
            String url,
            Origin origin,
            Integer w,
            Integer h,
            Long bytes,
            String title) {
        return new RemoteImage(idFor(channel, messageTs, url), url, origin, w, h, bytes, title);
    }

    static String idFor(String channel, String messageTs, String url) {
        return "R" + Sha256.prefix(channel + "\n" + messageTs + "\n" + url, 8).toUpperCase(Locale.ROOT);
    }

    @Override
    @JsonIgnore
    public String displayName() {
        String host = host();
        String where = origin == Origin.LINK_PREVIEW ? "link preview" : "image block";
        return where + " from " + (host == null ? "an unreadable URL" : host);
    }

    /** The URL's host, or null when the URL does not parse. */
    @JsonIgnore
    public String host() {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
