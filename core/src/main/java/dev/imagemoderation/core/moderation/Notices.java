package dev.imagemoderation.core.moderation;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message templates, with {@code {placeholders}} filled from the moderation: channel
 * notice, direct message to the poster, and the moderators' report. Placeholders:
 * {@code {user}} (a mention), {@code {category}}, {@code {channel}}, {@code {files}},
 * {@code {execution}}, {@code {appeal}}.
 */
public record Notices(String channelNotice, String posterMessage, String appealHint) {

    public static final Notices DEFAULT = new Notices(
            ":no_entry: An image shared by {user} was removed because it was detected as *{category}*. "
                    + "Nobody needs to do anything.",
            "An image you shared in {channel} was removed because it was detected as *{category}*. " + "{appeal}",
            "If you think this is a mistake, reply here or ask a workspace admin to review it; "
                    + "the image is kept for review, not deleted for good.");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    /** Replaces each known placeholder; unknown ones stay as written so a typo is visible. */
    public static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
