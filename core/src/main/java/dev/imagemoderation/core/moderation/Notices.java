package dev.imagemoderation.core.moderation;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy's texts for the people involved: the channel notice and the direct message to the
 * poster, with the appeal hint the message may include. Placeholders, filled by
 * {@link NoticeTexts}: {@code {user}} (a mention of the poster), {@code {channel}} (a channel
 * link), {@code {category}} (the top-level label that decided) and {@code {appeal}} (the appeal
 * hint). The moderators' report is not a template: it is built from the verdict.
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
