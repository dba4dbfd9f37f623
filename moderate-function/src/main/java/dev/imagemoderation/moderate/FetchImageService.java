package dev.imagemoderation.moderate;

import dev.imagemoderation.core.digest.Sha256;
import dev.imagemoderation.core.errors.FileUnreadableException;
import dev.imagemoderation.core.hash.PdqHash;
import dev.imagemoderation.core.ingest.ImageFiles;
import dev.imagemoderation.core.slack.RemoteImage;
import dev.imagemoderation.core.slack.ScanItem;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.SlackFileUrls;
import dev.imagemoderation.core.slack.Thumbnail;
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FetchImage: resolves stubs, picks the source the detector can take (the original when
 * Rekognition accepts it, else Slack's largest thumbnail), downloads it from an
 * allowlisted host, checks and converts it, and stores the original and the analysed
 * copies in S3. An image it must not analyse ends as a named UNSCANNABLE result, a file
 * that is not an image after all as SKIPPED; neither is silent.
 */
public final class FetchImageService {

    private static final Logger LOG = LoggerFactory.getLogger(FetchImageService.class);

    private final FileInfoResolver fileInfo;
    private final SlackDownloader downloader;
    private final ImagePreparer preparer;
    private final ImageStore store;
    /** Downloads true originals for quarantine, with their own (larger) cap. */
    private final SlackDownloader originals;

    private static final String ORIGINAL = "original";

    /** Fetches remote images (link previews, image blocks): no token, public addresses only. */
    private final RemoteImageFetcher remote;

    FetchImageService(FileInfoResolver fileInfo, SlackDownloader downloader, ImageStore store) {
        this(fileInfo, downloader, store, new ImagePreparer(), new RemoteImageFetcher(Set.of()));
    }

    FetchImageService(
            FileInfoResolver fileInfo,
            SlackDownloader downloader,
            ImageStore store,
            ImagePreparer preparer,
            RemoteImageFetcher remote) {
        this.preparer = preparer;
        this.remote = remote;
        this.fileInfo = fileInfo;
        this.downloader = downloader;
        this.store = store;
        this.originals = downloader.withCap(ImageLimits.MAX_ORIGINAL_BYTES);
    }

    /** One way to get the pixels: the original, or a thumbnail of a given size. */
    private record Source(String name, String url, ImageFormat claimed) {}

    public FileScan fetch(FileScan input) {
        return switch (input.file()) {
            case SlackFile file -> fetchFile(input, file);
            case RemoteImage image -> fetchRemote(input, image);
        };
    }

    /**
     * A link preview or an image block: fetched from the open web with no token, its bytes
     * checked like a file's, and kept whole, since they are what quarantine holds if it is
     * removed.
     */
    private FileScan fetchRemote(FileScan input, RemoteImage image) {
        try {
            RemoteImageFetcher.Fetched fetched = remote.fetch(image.url());
            // Web servers often mislabel images (image/jpg, application/octet-stream): the bytes decide.
            PreparedImage prepared = preparer.prepare(fetched.bytes(), null);
            return done(
                    input,
                    image,
                    store(input, image, new Source(ORIGINAL, image.url(), null), fetched.bytes(), prepared));
        } catch (ImageRejectedException e) {
            return done(input, image, ImageFetch.notAnalysed(e.reason(), e.getMessage()));
        }
    }

    private FileScan fetchFile(FileScan input, SlackFile file) {
        if (file.isStub() || (file.urlPrivate() == null && file.thumbs().isEmpty())) {
            switch (fileInfo.lookup(file.id())) {
                case FileInfoResolver.Lookup.Deleted d -> {
                    return done(
                            input,
                            file,
                            ImageFetch.notAnalysed(FetchReason.FileGone, "Slack no longer has file " + file.id()));
                }
                case FileInfoResolver.Lookup.NotVisible n ->
                    throw new FileUnreadableException("files.info cannot see file " + file.id()
                            + " (file_not_found): is the bot in the channel?");
                case FileInfoResolver.Lookup.Found f -> file = f.file();
            }
            if (!ImageFiles.isCandidate(file)) {
                return done(
                        input,
                        file,
                        ImageFetch.notAnalysed(FetchReason.NotAnImage, "files.info says " + file.mimetype()));
            }
        }
        String stranger = urlNotNaming(file);
        if (stranger != null) {
            // A forged queue message could pair a victim's file id with another image's URL: the id is what
            // RemoveFiles deletes, so nothing is downloaded for it and a person looks instead.
            return done(
                    input,
                    file,
                    ImageFetch.notAnalysed(
                            FetchReason.UrlMismatch,
                            "the " + stranger + " URL is not Slack's URL for file " + file.id()
                                    + "; nothing was downloaded"));
        }
        ImageFormat claimed = ImageFormat.claimed(file.mimetype(), file.filetype());
        List<Source> sources = sources(file, claimed);
        if (sources.isEmpty()) {
            boolean undecodable = claimed.isImage() && !claimed.javaDecodable();
            return done(
                    input,
                    file,
                    undecodable
                            ? ImageFetch.notAnalysed(
                                    FetchReason.UnsupportedFormat,
                                    claimed.mimetype() + " needs one of Slack's thumbnails, and there is none")
                            : ImageFetch.notAnalysed(
                                    FetchReason.ImageTooLarge,
                                    "the original is over the detector's limits (" + describe(file)
                                            + ") and Slack made no thumbnail"));
        }
        ImageRejectedException last = null;
        for (Source source : sources) {
            SlackDownloader.Download download;
            PreparedImage prepared;
            try {
                download = (source.claimed() != null && source.claimed().isVideo() ? originals : downloader)
                        .download(source.url());
                if (ImageFormat.sniff(download.bytes()) == ImageFormat.HTML
                        || download.contentType().toLowerCase(Locale.ROOT).startsWith("text/html")) {
                    // Slack answers its sign-in page both when the token may not read the file and when the
                    // file was deleted meanwhile; files.info tells the two apart.
                    if (fileInfo.lookup(file.id()) instanceof FileInfoResolver.Lookup.Deleted) {
                        return done(
                                input,
                                file,
                                ImageFetch.notAnalysed(
                                        FetchReason.FileGone, "the file was deleted before it was checked"));
                    }
                    throw new FileUnreadableException(
                            "the bot token cannot read files: Slack answered its sign-in page " + "for " + file.id()
                                    + " (the token needs files:read, and the bot must be in the channel)");
                }
                prepared = preparer.prepare(download.bytes(), source.claimed());
                if (prepared.format().isVideo()) {
                    prepared = withPosterFrame(file, prepared);
                }
            } catch (ImageRejectedException e) {
                last = e;
                if (e.reason().anotherSourceMayDo()) {
                    continue;
                }
                return done(input, file, ImageFetch.notAnalysed(e.reason(), e.getMessage()));
            }
            return done(input, file, store(input, file, source, download.bytes(), prepared));
        }
        return done(input, file, ImageFetch.notAnalysed(last.reason(), last.getMessage()));
    }

    private static List<Source> sources(SlackFile file, ImageFormat claimed) {
        List<Source> sources = new ArrayList<>();
        boolean withinLimits = (file.size() == null || file.size() <= ImageLimits.MAX_DETECTOR_BYTES)
                && (file.originalW() == null
                        || file.originalH() == null
                        || dimensionsOk(file.originalW(), file.originalH()));
        if (claimed.javaDecodable() && withinLimits && file.urlPrivate() != null) {
            sources.add(new Source(ORIGINAL, file.urlPrivate(), claimed));
        }
        if (claimed.isVideo()
                && file.urlPrivate() != null
                && (file.size() == null || file.size() <= ImageLimits.MAX_ORIGINAL_BYTES)) {
            // Frames are sampled from the video itself; it is also what quarantine keeps.
            sources.add(new Source(ORIGINAL, file.urlPrivate(), claimed));
        }
        List<Map.Entry<Integer, Thumbnail>> thumbs =
                new ArrayList<>(file.thumbs().entrySet());
        thumbs.sort(Map.Entry.<Integer, Thumbnail>comparingByKey().reversed());
        for (var t : thumbs) {
            if (t.getKey() >= 360) {
                sources.add(new Source("thumb_" + t.getKey(), t.getValue().url(), null));
            }
        }
        return sources;
    }

    /**
     * Slack's poster frame of a video ({@code thumb_video}) is judged first, beside the frames
     * sampled: it is what the channel shows before anyone presses play. A poster that cannot be
     * had is logged and the frames still decide; one that is not an image is no image at all.
     */
    private PreparedImage withPosterFrame(SlackFile file, PreparedImage video) {
        if (file.thumbVideo() == null) {
            return video;
        }
        byte[] poster;
        try {
            SlackDownloader.Download d = downloader.download(file.thumbVideo().url());
            // JPEG or PNG, which the detector takes either way.
            poster = preparer.prepare(d.bytes(), null).analysed().getFirst();
        } catch (ImageRejectedException | RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("fileId", file.id())
                    .addKeyValue("error", e.getClass().getSimpleName())
                    .log("video poster frame not judged");
            return video;
        }
        List<byte[]> analysed = new ArrayList<>(video.analysed().size() + 1);
        analysed.add(poster);
        analysed.addAll(video.analysed());
        return new PreparedImage(
                video.format(),
                analysed,
                video.analysedType(),
                video.width(),
                video.height(),
                analysed.size(),
                false,
                video.framesTotal());
    }

    /** Which of the file's URLs (original or a thumbnail) does not name the file, or null when all do. */
    private static String urlNotNaming(SlackFile file) {
        if (file.urlPrivate() != null && !SlackFileUrls.namesFile(file.urlPrivate(), file.id())) {
            return ORIGINAL;
        }
        for (var t : file.thumbs().entrySet()) {
            if (!SlackFileUrls.namesFile(t.getValue().url(), file.id())) {
                return "thumb_" + t.getKey();
            }
        }
        if (file.thumbVideo() != null
                && !SlackFileUrls.namesFile(file.thumbVideo().url(), file.id())) {
            return "thumb_video";
        }
        return null;
    }

    private static boolean dimensionsOk(int w, int h) {
        return w <= ImageLimits.MAX_SIDE && h <= ImageLimits.MAX_SIDE && (long) w * h <= ImageLimits.MAX_PIXELS;
    }

    private ImageFetch store(FileScan input, ScanItem file, Source source, byte[] downloaded, PreparedImage prepared) {
        String prefix =
                "incoming/" + input.request().teamId() + "/" + input.request().eventId() + "/" + file.id() + "/";
        boolean isOriginal = source.name().equals(ORIGINAL);
        String downloadedKey = prefix + (isOriginal ? ORIGINAL : source.name());
        List<String> analysedKeys = new ArrayList<>();
        if (prepared.originalReused()) {
            store.put(downloadedKey, downloaded, prepared.format().mimetype());
            analysedKeys.add(downloadedKey);
        } else {
            if (isOriginal) {
                store.put(downloadedKey, downloaded, prepared.format().mimetype());
            }
            for (int i = 0; i < prepared.analysed().size(); i++) {
                String key = prefix + "analysed-" + i + ".jpg";
                store.put(key, prepared.analysed().get(i), prepared.analysedType());
                analysedKeys.add(key);
            }
        }
        String originalKey = isOriginal ? downloadedKey : null;
        String notKept = null;
        String sha = Sha256.hex(downloaded);
        if (!isOriginal && file instanceof SlackFile slackFile) {
            // A thumbnail was analysed (HEIC, WebP, over the detector's limits). Quarantine must still hold the
            // true original, because files.delete destroys Slack's only copy and a restore needs it.
            OriginalCopy copy = keepOriginal(slackFile, prefix);
            originalKey = copy.key();
            notKept = copy.notKept();
            sha = copy.sha256() != null ? copy.sha256() : sha;
        }
        PdqHash pdq = prepared.pdq() != null ? prepared.pdq() : PdqOfFrame.of(prepared.analysed());
        return new ImageFetch(
                ImageFetch.Status.FETCHED,
                null,
                null,
                source.name(),
                originalKey,
                analysedKeys,
                sha,
                prepared.format().mimetype(),
                prepared.width(),
                prepared.height(),
                prepared.frames(),
                notKept,
                prepared.framesTotal(),
                pdq == null ? null : pdq.hex(),
                pdq == null ? null : pdq.quality());
    }

    /** The original kept beside an analysed thumbnail, or why it is not. */
    private record OriginalCopy(String key, String sha256, String notKept) {}

    private OriginalCopy keepOriginal(SlackFile file, String prefix) {
        if (file.urlPrivate() == null) {
            return new OriginalCopy(null, null, "Slack gave no URL for the original");
        }
        if (file.size() != null && file.size() > ImageLimits.MAX_ORIGINAL_BYTES) {
            return new OriginalCopy(
                    null,
                    null,
                    "the original is " + file.size() + " bytes, over the " + ImageLimits.MAX_ORIGINAL_BYTES
                            + "-byte cap for quarantine");
        }
        try {
            SlackDownloader.Download d = originals.download(file.urlPrivate());
            String key = prefix + ORIGINAL;
            String type = d.contentType().isBlank() ? "application/octet-stream" : d.contentType();
            store.put(key, d.bytes(), type);
            return new OriginalCopy(key, Sha256.hex(d.bytes()), null);
        } catch (ImageRejectedException e) {
            return new OriginalCopy(
                    null,
                    null,
                    "the original is over the " + ImageLimits.MAX_ORIGINAL_BYTES + "-byte cap for quarantine");
        }
    }

    private static FileScan done(FileScan input, ScanItem file, ImageFetch image) {
        var log = LOG.atInfo()
                .addKeyValue("eventId", input.request().eventId())
                .addKeyValue("fileId", file.id())
                .addKeyValue("status", image.status())
                .addKeyValue("source", image.source());
        if (image.reason() != null) {
            log = log.addKeyValue("reason", image.reason());
        }
        log.log("image fetched");
        return new FileScan(input.request(), file, image, null, null);
    }

    private static String describe(SlackFile f) {
        return (f.size() == null ? "?" : f.size()) + " bytes, " + f.originalW() + " × " + f.originalH() + " px";
    }
}
