package dev.imagemoderation.core.slack;

import java.util.List;

/**
 * A Slack {@code message} event (the inner {@code event} of an {@code event_callback}).
 *
 * @param subtype null for an ordinary user message
 * @param user the posting user; absent on some bot posts
 * @param threadTs set when the message is a reply in a thread
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
        List<SlackFile> files) {

    public MessageEvent {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
