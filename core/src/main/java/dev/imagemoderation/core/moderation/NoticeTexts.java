package dev.imagemoderation.core.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.core.json.Json;
import dev.imagemoderation.core.request.ModerationRequest;
import dev.imagemoderation.core.slack.Mrkdwn;
import dev.imagemoderation.core.slack.RemoteImage;
import dev.imagemoderation.core.slack.ScanItem;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.workflow.FailureReport;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The texts the bot posts, in Slack's mrkdwn. Channel and poster notices come from the
 * policy's templates; the moderators' reports carry what an auditor needs. None ever
 * contains the image or a link to it.
 */
public final class NoticeTexts {

    private static final int MAX_CAUSE = 1500;

    private final Policy policy;

    public NoticeTexts(Policy policy) {
        this.policy = policy;
    }

    public String channelNotice(ModerationRequest r, String category) {
        return Notices.render(policy.notices().channelNotice(), values(r, category));
    }

    public String posterMessage(ModerationRequest r, String category) {
        return Notices.render(policy.notices().posterMessage(), values(r, category));
    }

    /** The channel notice, saying so when the whole message went with a removed remote image. */
    public String channelNotice(ModerationRequest r, String category, List<FileScan> scans) {
        return channelNotice(r, category) + messageDeletedNote(scans);
    }

    /** The poster's message, saying so when the whole message went with a removed remote image. */
    public String posterMessage(ModerationRequest r, String category, List<FileScan> scans) {
        return posterMessage(r, category) + messageDeletedNote(scans);
    }

    /**
     * A link preview or an app's image block is part of the message, not a file: removing it
     * deletes the message, which people should hear from the bot rather than guess.
     */
    private static String messageDeletedNote(List<FileScan> scans) {
        boolean remoteRemoved = scans.stream()
                .anyMatch(s -> s.file() instanceof RemoteImage
                        && s.verdict() != null
                        && s.verdict().action() == Action.REMOVE);
        return remoteRemoved
                ? " The message was deleted with it: an image shown from a link or an app cannot be removed alone."
                : "";
    }

    public String moderatorReport(ModerationRequest r, Action action, List<FileScan> scans, String execution) {
        StringBuilder s = new StringBuilder();
        s.append(
                switch (action) {
                    case REMOVE -> ":no_entry: *Removed*";
                    case REVIEW -> ":eyes: *Needs review*";
                    case ALLOW -> ":white_check_mark: *Allowed*";
                });
        s.append(": message ")
                .append(r.messageTs())
                .append(" by ")
                .append(mention(r.userId()))
                .append(" in <#")
                .append(r.channelId())
                .append(">, execution `")
                .append(execution)
                .append("`\n");
        for (FileScan scan : scans) {
            ScanItem item = scan.file();
            s.append(item instanceof RemoteImage ? "• image " : "• file ").append(item.id());
            String shown = item instanceof SlackFile f ? f.name() : item.displayName();
            if (shown != null) {
                s.append(" (").append(Mrkdwn.escape(shown)).append(')');
            }
            Verdict v = scan.verdict();
            s.append(": *").append(v == null ? "ALLOW" : v.action()).append('*');
            ImageFetch image = scan.image();
            if (image != null && !image.fetched()) {
                s.append(" — ")
                        .append(image.status().name().toLowerCase(Locale.ROOT))
                        .append(": ")
                        .append(image.reason());
                if (image.detail() != null) {
                    s.append(" (").append(Mrkdwn.escape(image.detail())).append(')');
                }
            }
            if (image != null && image.framesTotal() != null && image.framesTotal() > 1) {
                s.append(" — judged ")
                        .append(image.framesAnalysed())
                        .append(" of ")
                        .append(image.framesTotal())
                        .append(" frames, chosen by content");
            }
            if (image != null && image.originalNotKept() != null && v != null && v.action() == Action.REMOVE) {
                s.append(" — original not kept for a restore: ").append(Mrkdwn.escape(image.originalNotKept()));
            }
            if (v != null) {
                for (FiredRule rule : v.rules()) {
                    s.append(String.format(
                            Locale.ROOT,
                            "\n    %s %.1f%% ≥ %s %.0f (threshold of %s, %s)",
                            rule.label(),
                            rule.confidence(),
                            rule.action() == Action.REMOVE ? "remove" : "review",
                            rule.threshold(),
                            rule.thresholdLabel(),
                            rule.scope()));
                }
                if (v.recalled() != null) {
                    // The rule is built from ids, dates and an escaped bank label; a mention must stay a mention.
                    s.append("\n    ").append(v.recalled().rule());
                }
                if (v.detector() != null) {
                    s.append("\n    detector ")
                            .append(v.detector())
                            .append(", policy ")
                            .append(v.policyVersion());
                }
            }
            s.append('\n');
        }
        return s.toString().stripTrailing();
    }

    public String failureReport(FailureReport f) {
        ModerationRequest r = f.request();
        String where = r == null
                ? "a message"
                : "message " + r.messageTs() + " by " + mention(r.userId()) + " in <#" + r.channelId() + ">";
        return ":warning: *Could not moderate* " + where + ". Step `" + f.state() + "` failed with `"
                + shortName(f.error())
                + "`: " + causeText(f.cause()) + "\nExecution `" + f.execution()
                + "`. Fix the cause and press Retry: the moderation continues from this step. Or check the message"
                + " by hand; the execution history has the details.";
    }

    /** Lambda's Cause is JSON ({@code errorMessage}, {@code errorType}, {@code stackTrace}); keep the message. */
    public static String causeText(String cause) {
        if (cause == null || cause.isBlank()) {
            return "no cause given";
        }
        String text = cause;
        try {
            JsonNode node = Json.mapper().readTree(cause);
            if (node != null && node.hasNonNull("errorMessage")) {
                text = node.get("errorMessage").asText();
            }
        } catch (IOException notJson) {
            // A plain-text cause from a Fail state or Step Functions itself.
        }
        // Error messages quote user-supplied names: escaped like any user text.
        return Mrkdwn.escape(text.length() > MAX_CAUSE ? text.substring(0, MAX_CAUSE) + "…" : text);
    }

    static String shortName(String error) {
        if (error == null) {
            return "unknown error";
        }
        int dot = error.lastIndexOf('.');
        return error.startsWith("dev.imagemoderation.") && dot >= 0 ? error.substring(dot + 1) : error;
    }

    private static String mention(String userId) {
        return userId == null ? "someone" : "<@" + userId + ">";
    }

    private Map<String, String> values(ModerationRequest r, String category) {
        return Map.of(
                "user",
                mention(r.userId()),
                "channel",
                "<#" + r.channelId() + ">",
                "category",
                category == null ? "inappropriate" : category,
                "appeal",
                policy.notices().appealHint());
    }
}
