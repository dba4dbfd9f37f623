package dev.imagemoderation.slackactions.review;

import com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest;
import dev.imagemoderation.core.errors.DisallowedHostException;
import dev.imagemoderation.core.errors.SlackActionFailedException;
import dev.imagemoderation.core.errors.SlackUnavailableException;
import dev.imagemoderation.core.errors.StorageUnavailableException;
import dev.imagemoderation.core.moderation.Action;
import dev.imagemoderation.core.review.ModerationOutcome;
import dev.imagemoderation.core.review.ReviewRequest;
import dev.imagemoderation.core.review.ReviewTaskInput.RestoreResult;
import dev.imagemoderation.core.review.ReviewTexts;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.HostAllowlist;
import dev.imagemoderation.core.slack.RemoteImage;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.slack.SlackApi;
import dev.imagemoderation.slackactions.Notifier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Restore: each removed image's quarantined original goes back where it was posted, in its
 * thread if it had one, through Slack's current upload flow ({@code files.getUploadURLExternal},
 * the bytes POSTed to the URL it gives, {@code files.completeUploadExternal}); the message says
 * who restored it and who shared it; the channel notice becomes "restored" and the poster is told.
 *
 * <p>Every quarantined copy is checked before anything is uploaded: when one has expired or is
 * gone, nothing changes and the answer says which.
 */
public final class Restorer {

    private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);

    private final SlackApi api;
    private final Secret botToken;
    private final HostAllowlist uploadHosts;
    private final S3Client s3;
    private final String bucket;
    private final Notifier notifier;

    public Restorer(
            SlackApi api, Secret botToken, HostAllowlist uploadHosts, S3Client s3, String bucket, Notifier notifier) {
        this.api = api;
        this.botToken = botToken;
        this.uploadHosts = uploadHosts;
        this.s3 = s3;
        this.bucket = bucket;
        this.notifier = notifier;
    }

    public RestoreResult restore(ReviewRequest review, ModerationOutcome moderation) {
        if (moderation.action() != Action.REMOVE) {
            return new RestoreResult(false, "the moderation removed nothing", List.of());
        }
        Map<String, String> keys = new LinkedHashMap<>();
        moderation.quarantined().forEach(q -> keys.put(q.fileId(), q.quarantineKey()));
        List<FileScan> removed = moderation.scans().stream()
                .filter(s -> s.verdict() != null && s.verdict().action() == Action.REMOVE)
                .toList();
        if (removed.isEmpty()) {
            return new RestoreResult(false, "the moderation removed nothing", List.of());
        }
        Map<FileScan, byte[]> originals = new LinkedHashMap<>();
        for (FileScan scan : removed) {
            String key = keys.get(scan.file().id());
            if (key == null) {
                return new RestoreResult(
                        false,
                        "no original of " + name(scan) + " was kept in quarantine, so it cannot be restored",
                        List.of());
            }
            try {
                originals.put(
                        scan,
                        s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            } catch (NoSuchKeyException e) {
                return new RestoreResult(
                        false,
                        "the quarantined copy of " + name(scan) + " has expired or was deleted (" + key + ")",
                        List.of());
            } catch (SdkException e) {
                throw new StorageUnavailableException(
                        "quarantine read failed: " + e.getClass().getSimpleName(), e);
            }
        }
        var r = moderation.request();
        List<String> uploaded = new ArrayList<>();
        for (var e : originals.entrySet()) {
            uploaded.add(upload(review, r.channelId(), r.threadTs(), r.userId(), name(e.getKey()), e.getValue()));
        }
        if (moderation.notice() != null
                && moderation.notice().sent()
                && moderation.notice().ts() != null) {
            String text = ReviewTexts.noticeRestored(review.actorId(), r.userId());
            notifier.update(moderation.notice().channel(), moderation.notice().ts(), text, null);
        }
        notifier.tellPoster(r, ReviewTexts.posterRestored(r.channelId()));
        LOG.atInfo()
                .addKeyValue("moderation", review.moderation())
                .addKeyValue("actorId", review.actorId())
                .addKeyValue("files", uploaded)
                .log("restored");
        return new RestoreResult(true, null, uploaded);
    }

    /** The three steps of Slack's upload flow; the bytes go to the upload URL with no token. */
    private String upload(
            ReviewRequest review, String channel, String threadTs, String poster, String name, byte[] bytes) {
        var url = api.call(
                "files.getUploadURLExternal",
                botToken,
                m -> m.filesGetUploadURLExternal(b -> b.filename(name).length(bytes.length)));
        if (!url.isOk()) {
            throw new SlackActionFailedException(SlackApi.describe("files.getUploadURLExternal", url));
        }
        URI target = URI.create(url.getUploadUrl());
        if (!uploadHosts.allows(target)) {
            throw new DisallowedHostException(
                    "Slack's upload URL leads to " + target.getHost() + ", which is not an allowed Slack host");
        }
        int status = TokenlessPost.post(
                target,
                "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(bytes),
                Duration.ofSeconds(60),
                "upload of the restored file");
        if (status != 200) {
            throw new SlackUnavailableException("Slack's upload URL answered HTTP " + status);
        }
        var done = api.call(
                "files.completeUploadExternal",
                botToken,
                m -> m.filesCompleteUploadExternal(b -> {
                    b.files(List.of(FilesCompleteUploadExternalRequest.FileDetails.builder()
                                    .id(url.getFileId())
                                    .title(name)
                                    .build()))
                            .channelId(channel)
                            .initialComment(ReviewTexts.restoredNote(review.actorId(), poster));
                    return threadTs == null ? b : b.threadTs(threadTs);
                }));
        if (!done.isOk()) {
            throw new SlackActionFailedException(SlackApi.describe("files.completeUploadExternal", done));
        }
        return url.getFileId();
    }

    private static String name(FileScan scan) {
        return switch (scan.file()) {
            case SlackFile f -> f.name() != null ? f.name() : f.id();
            case RemoteImage i -> i.id() + imageExtension(scan);
        };
    }

    private static String imageExtension(FileScan scan) {
        String type = scan.image() == null ? null : scan.image().contentType();
        if (type == null) {
            return "";
        }
        return switch (type) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/gif" -> ".gif";
            case "image/webp" -> ".webp";
            default -> "";
        };
    }
}
