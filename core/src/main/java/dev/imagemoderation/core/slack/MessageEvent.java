package dev.imagemoderation.core.slack;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A Slack {@code message} event (the inner {@code event} of an {@code event_callback}). For a
 * {@code message_changed} event, the fields are those of the edited message inside it, and
 * {@code previousImages} are the images it showed before the edit.
 *
 * @param subtype null for an ordinary user message
 * @param user the posting user; absent on some bot posts
 * @param threadTs set when the message is a reply in a thread
 * @param images the images the message shows that are not files: link previews and image blocks
 * @param previousImages for an edit, the images shown before it; empty otherwise
 */
public record MessageEvent(
        String subtype,
        String channel,
        String channelType,
        String user,
        String botId,
        String appId,
        String ts,
        String threadTs,
        List<SlackFile> files,
        List<RemoteImage> images,
        List<RemoteImage> previousImages) {

    /** The subtype Slack sends when a message is edited, or when it adds a link preview. */
    public static final String MESSAGE_CHANGED = "message_changed";

    public MessageEvent {
        files = files == null ? List.of() : List.copyOf(files);
        images = images == null ? List.of() : List.copyOf(images);
        previousImages = previousImages == null ? List.of() : List.copyOf(previousImages);
    }

    /** A message with files only, as most events are. */
    public MessageEvent(
            String subtype,
            String channel,
            String channelType,
            String user,
            String botId,
            String appId,
            String ts,
            String threadTs,
            List<SlackFile> files) {
        this(subtype, channel, channelType, user, botId, appId, ts, threadTs, files, List.of(), List.of());
    }

    @JsonIgnore
    public boolean isEdit() {
        return MESSAGE_CHANGED.equals(subtype);
    }
}
