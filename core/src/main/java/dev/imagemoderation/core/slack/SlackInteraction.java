package dev.imagemoderation.core.slack;

/** What Slack's interactivity endpoint delivers, reduced to what the bot acts on. */
public sealed interface SlackInteraction {

    /**
     * A button clicked in a message ({@code block_actions}).
     *
     * @param channelId and {@code messageTs}: the message whose button it was
     * @param value the button's value, as the bot set it
     * @param userName the clicker's Slack name as Slack sent it, for display only
     */
    record ButtonClick(
            String teamId,
            String userId,
            String userName,
            String channelId,
            String messageTs,
            String actionId,
            String value,
            String responseUrl,
            String actionTs)
            implements SlackInteraction {}

    /** Another kind of interaction (a shortcut, a modal submission): acknowledged, not acted on. */
    record Unsupported(String type) implements SlackInteraction {}
}
