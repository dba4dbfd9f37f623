package dev.imagemoderation.core.slack;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One image a message shows, as the queue and the workflow carry it: a file uploaded to
 * Slack, or an image Slack shows from elsewhere (a link preview, an app's image block).
 * The two are fetched differently, and only a Slack file is ever fetched with a token.
 *
 * <p>On the wire the kind is the {@code kind} property; an item without one is a Slack
 * file, as every queue message was before remote images.
 */
@JsonTypeInfo(
        use = JsonTypeInfo.Id.NAME,
        include = JsonTypeInfo.As.PROPERTY,
        property = "kind",
        defaultImpl = SlackFile.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = SlackFile.class, name = "file"),
    @JsonSubTypes.Type(value = RemoteImage.class, name = "remote")
})
public sealed interface ScanItem permits SlackFile, RemoteImage {

    /** Unique within the message; names the item's S3 objects and its line in the report. */
    String id();

    /** What moderators and posters are shown for it, unescaped: the file's name or where the image comes from. */
    String displayName();
}
