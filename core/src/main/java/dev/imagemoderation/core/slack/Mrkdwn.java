package dev.imagemoderation.core.slack;

/**
 * Slack's mrkdwn escaping for text that users supplied (file names, titles, error details quoting
 * them). Slack reads {@code <...>} as a mention, a channel ping or a link with any label, so
 * {@code <!channel>} in a file name would ping a whole channel and {@code <https://evil|Restore>}
 * would show a disguised link; Slack documents escaping exactly these three characters.
 */
public final class Mrkdwn {

    private Mrkdwn() {}

    /** {@code &} → {@code &amp;}, {@code <} → {@code &lt;}, {@code >} → {@code &gt;}; null stays null. */
    public static String escape(String userText) {
        if (userText == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(userText.length() + 8);
        for (int i = 0; i < userText.length(); i++) {
            char c = userText.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
