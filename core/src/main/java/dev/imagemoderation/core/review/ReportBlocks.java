package dev.imagemoderation.core.review;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.moderation.Action;
import java.util.List;

/**
 * The moderators' report as Block Kit: the report's mrkdwn in sections (Slack allows 3,000
 * characters in one), a context line with the execution and, while the report is open, one
 * button per action a moderator may take. Each button's value is the moderation execution's
 * name: the click names what it acts on, and nothing else needs to be looked up to queue it.
 */
public final class ReportBlocks {

    /** Slack's limit for a section's text. */
    static final int SECTION_LIMIT = 3000;

    /** The {@code block_id} of the buttons' block. */
    public static final String DECIDE_BLOCK = "decide";

    private ReportBlocks() {}

    /** The blocks of an open report: its text, the context, and the buttons {@code decided} calls for. */
    public static String open(String reportText, Action decided, String execution, String context) {
        ArrayNode blocks = sections(reportText);
        context(blocks, context);
        addButtons(blocks, ReviewAction.offeredAfter(decided), execution);
        return blocks.toString();
    }

    private static void addButtons(ArrayNode blocks, List<ReviewAction> offered, String execution) {
        if (offered.isEmpty()) {
            return;
        }
        ArrayNode buttons = blocks.addObject()
                .put("type", "actions")
                .put("block_id", DECIDE_BLOCK)
                .putArray("elements");
        for (ReviewAction a : offered) {
            ObjectNode b = buttons.addObject().put("type", "button").put("action_id", a.actionId());
            b.putObject("text").put("type", "plain_text").put("text", a.label());
            b.put("value", execution);
            if (a.style() != null) {
                b.put("style", a.style());
            }
        }
    }

    /** A message's text and one button naming the moderation (the poster's "Ask for a review"). */
    public static String withButton(String text, ReviewAction action, String execution) {
        ArrayNode blocks = sections(text);
        addButtons(blocks, List.of(action), execution);
        return blocks.toString();
    }

    /** The blocks of a closed report: its text and what was decided, with no buttons left. */
    public static String closed(String reportText, String outcome, String context) {
        ArrayNode blocks = sections(reportText);
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", cut(outcome));
        context(blocks, context);
        return blocks.toString();
    }

    private static ArrayNode sections(String text) {
        ArrayNode blocks = Json.mapper().createArrayNode();
        String rest = text;
        while (!rest.isEmpty()) {
            int end = rest.length() <= SECTION_LIMIT ? rest.length() : splitAt(rest);
            blocks.addObject()
                    .put("type", "section")
                    .putObject("text")
                    .put("type", "mrkdwn")
                    .put("text", rest.substring(0, end));
            rest = rest.substring(end).stripLeading();
        }
        return blocks;
    }

    /** The last line break within the limit, so that no mention or link is cut in two. */
    private static int splitAt(String text) {
        int nl = text.lastIndexOf('\n', SECTION_LIMIT);
        return nl > 0 ? nl : SECTION_LIMIT;
    }

    private static void context(ArrayNode blocks, String context) {
        if (context == null || context.isBlank()) {
            return;
        }
        blocks.addObject()
                .put("type", "context")
                .putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put("text", cut(context));
    }

    private static String cut(String text) {
        return text.length() <= SECTION_LIMIT ? text : text.substring(0, SECTION_LIMIT - 1) + "…";
    }
}
