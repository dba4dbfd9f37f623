package dev.imagemoderation.slackactions.review;

import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.review.ModerationOutcome;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.review.ReviewTaskInput.Reveal;
import dev.imagemoderation.core.review.ReviewTexts;
import dev.imagemoderation.core.slack.Mrkdwn;
import dev.imagemoderation.core.workflow.FileScan;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * View (logged): the moderator who clicked sees the quarantined originals, privately. On AWS
 * each is a pre-signed S3 URL valid for five minutes; in local mode, a link to the execution
 * in the console, whose reveal asks the moderator's name and a reason and writes the reveal
 * log. Either way the review execution's history records who looked at which images and
 * when; the links are not in it.
 */
public final class Reveals {

    static final Duration LINK_LIFETIME = Duration.ofMinutes(5);

    /** Where a moderator sees one quarantined original. */
    public interface Links {
        String link(String moderation, String fileId, String quarantineKey);

        /** Whether the links lead to local mode's console (which asks for a reason) rather than to the image. */
        boolean console();
    }

    /** Pre-signed GETs of the quarantined objects, signed with this function's role. */
    public static Links presigned(S3Presigner presigner, String bucket) {
        return new Links() {
            @Override
            public String link(String moderation, String fileId, String key) {
                return presigner
                        .presignGetObject(b -> b.signatureDuration(LINK_LIFETIME)
                                .getObjectRequest(g -> g.bucket(bucket).key(key)))
                        .url()
                        .toString();
            }

            @Override
            public boolean console() {
                return false;
            }
        };
    }

    /** Local mode: the execution's page in the audit console, whose reveal is logged there. */
    public static Links console(Supplier<URI> consoleBase) {
        return new Links() {
            @Override
            public String link(String moderation, String fileId, String key) {
                return consoleBase.get().resolve("/") + "#execution/"
                        + URLEncoder.encode(moderation, StandardCharsets.UTF_8);
            }

            @Override
            public boolean console() {
                return true;
            }
        };
    }

    private final Links links;
    private final ModeratorAnswers answers;
    private final Clock clock;

    public Reveals(Links links, ModeratorAnswers answers, Clock clock) {
        this.links = links;
        this.answers = answers;
        this.clock = clock;
    }

    public Reveal reveal(ReviewRequest review, ModerationOutcome moderation) {
        Map<String, String> keys = new LinkedHashMap<>();
        moderation.quarantined().forEach(q -> keys.put(q.fileId(), q.quarantineKey()));
        List<String> lines = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (FileScan scan : moderation.scans()) {
            String key = keys.get(scan.file().id());
            if (scan.verdict() == null || scan.verdict().action() != Action.REMOVE || key == null) {
                continue;
            }
            String url = links.link(review.moderation(), scan.file().id(), key);
            lines.add("• <" + url + "|" + Mrkdwn.escape(scan.file().displayName()) + ">");
            shown.add(scan.file().id());
        }
        long expires = clock.instant().plus(LINK_LIFETIME).getEpochSecond();
        if (shown.isEmpty()) {
            String why = "no quarantined original is kept for this report";
            answers.answer(review, "Nothing to view: " + why + ".");
            return new Reveal(List.of(), expires, why);
        }
        answers.answer(review, ReviewTexts.reveal(lines, expires, links.console()));
        return new Reveal(shown, links.console() ? 0 : expires, null);
    }
}
