package dev.imagemoderation.core.review;

import dev.imagemoderation.core.slack.Mrkdwn;

/** The texts of the review loop: what the report, the channel, the poster and the clicker are told. */
public final class ReviewTexts {

    private ReviewTexts() {}

    /** The report's last line once it is decided; the date renders in each reader's zone. */
    public static String outcome(ReviewAction action, String actorId, long epochSeconds) {
        return ":white_check_mark: *" + action.done() + "* by " + who(actorId) + " " + date(epochSeconds);
    }

    /** The message a restored file comes back with. */
    public static String restoredNote(String moderatorId, String posterId) {
        return "Restored by " + who(moderatorId) + " after review; originally shared by " + mention(posterId) + ".";
    }

    /** What the channel notice becomes once the image is back. */
    public static String noticeRestored(String moderatorId, String posterId) {
        return ":leftwards_arrow_with_hook: The image shared by " + mention(posterId) + " was *restored* by "
                + who(moderatorId) + " after review.";
    }

    /** What the poster is told in the DM. */
    public static String posterRestored(String channelId) {
        return "Your image in <#" + channelId + "> was restored by a moderator after review. Sorry for the trouble.";
    }

    /** The line an appeal adds to the report's thread. */
    public static String appealInThread(String posterId) {
        return ":raising_hand: " + mention(posterId) + " asks for a review of this decision.";
    }

    /** What the poster's DM says once they asked. */
    public static String appealAcknowledged() {
        return "You asked for a review: a moderator will look at it, and you will hear back here.";
    }

    /** The moderator's private answer to View: a link per removed image, and that the view is logged. */
    public static String reveal(java.util.List<String> lines, long expiresAt, boolean console) {
        return ":eyes: *Quarantined original" + (lines.size() == 1 ? "" : "s") + "*, for you alone"
                + (console
                        ? " (the console asks your name and a reason, and logs the reveal)"
                        : ", until " + date(expiresAt))
                + ". This view is logged with your name.\n" + String.join("\n", lines);
    }

    /** The clicker's answer when the action does not go ahead. */
    public static String answer(
            ReviewTaskInput.Answer answer, String detail, ReviewTaskInput.Claim claim, String channel) {
        String d = detail == null ? "" : Mrkdwn.escape(detail);
        return switch (answer) {
            case NOT_A_MODERATOR ->
                "Only moderators can do this: members of <#" + channel + "> and workspace admins. Nothing was changed.";
            case NOT_THE_POSTER -> "Only the person who shared the image can ask for its review.";
            case ALREADY_HANDLED ->
                claim == null
                        ? "This report was already handled."
                        : "Already handled by " + who(claim.actorId()) + ": *"
                                + claim.action().done() + "* " + date(claim.at()) + ".";
            case NOT_RESTORED -> "Nothing was restored: " + d + ". The report stays open.";
            case UNKNOWN_MODERATION -> "This report's moderation cannot be found (" + d + "). Nothing was changed.";
            case UNFINISHED_MODERATION ->
                "This report's moderation has not finished (" + d + "). Nothing was changed; try again when it has.";
            case FAILED -> "Your action failed (" + d + "). The review execution's history has the details.";
        };
    }

    /** A failure report once Retry redrove its moderation: what had failed ... */
    public static String failedBefore(String execution, String cause) {
        return ":warning: Moderation `" + execution + "` had failed"
                + (cause == null ? "." : ": " + dev.imagemoderation.core.moderation.NoticeTexts.causeText(cause));
    }

    /** ... and who retried it, when. */
    public static String retried(String actorId, long epochSeconds) {
        return outcome(ReviewAction.RETRY, actorId, epochSeconds)
                + ": it continues from the step that failed, and its history shows the redrive.";
    }

    /** Slack's date token: each reader sees it in their own zone, to the second. */
    static String date(long epochSeconds) {
        return "<!date^" + epochSeconds + "^{date_short_pretty} at {time_secs}|"
                + java.time.Instant.ofEpochSecond(epochSeconds) + ">";
    }

    /**
     * Who acted: a Slack mention, or for local mode's console the name the moderator typed,
     * escaped, since it is user-supplied text and no Slack id.
     */
    public static String who(String actorId) {
        if (actorId != null && actorId.startsWith(ReviewRequest.CONSOLE_ACTOR)) {
            return "*" + Mrkdwn.escape(actorId.substring(ReviewRequest.CONSOLE_ACTOR.length())) + "* (local console)";
        }
        return mention(actorId);
    }

    private static String mention(String userId) {
        return userId == null ? "someone" : "<@" + userId + ">";
    }
}
