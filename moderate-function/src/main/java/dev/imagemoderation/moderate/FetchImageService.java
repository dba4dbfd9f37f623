package dev.imagemoderation.moderate;

import dev.imagemoderation.core.errors.FileUnreadableException;
import dev.imagemoderation.core.ingest.ImageFiles;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.SlackFileUrls;
import dev.imagemoderation.core.slack.Thumbnail;
import dev.imagemoderation.core.workflow.FetchReason;
import dev.imagemoderation.core.workflow.FileScan;
import dev.imagemoderation.core.workflow.ImageFetch;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final ImagePreparer preparer = new ImagePreparer();
    private final ImageStore store;

    FetchImageService(FileInfoResolver fileInfo, SlackDownloader downloader, ImageStore store) {
        this.fileInfo = fileInfo;
        this.downloader = downloader;
        this.store = store;
    }

    /** One way to get the pixels: the original, or a thumbnail of a given size. */
    private record Source(String name, String url, ImageFormat claimed) {}

    public FileScan fetch(FileScan input) {
        SlackFile file = input.file();
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
                download = downloader.download(source.url());
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
            sources.add(new Source("original", file.urlPrivate(), claimed));
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

    /** Which of the file's URLs (original or a thumbnail) does not name the file, or null when all do. */
    private static String urlNotNaming(SlackFile file) {
        if (file.urlPrivate() != null && !SlackFileUrls.namesFile(file.urlPrivate(), file.id())) {
            return "original";
        }
        for (var t : file.thumbs().entrySet()) {
            if (!SlackFileUrls.namesFile(t.getValue().url(), file.id())) {
                return "thumb_" + t.getKey();
            }
        }
        return null;
    }

    private static boolean dimensionsOk(int w, int h) {
        return w <= ImageLimits.MAX_SIDE && h <= ImageLimits.MAX_SIDE && (long) w * h <= ImageLimits.MAX_PIXELS;
    }

    private ImageFetch store(FileScan input, SlackFile file, Source source, byte[] original, PreparedImage prepared) {
        String prefix =
                "incoming/" + input.request().teamId() + "/" + input.request().eventId() + "/" + file.id() + "/";
        String originalKey = prefix + "original";
        store.put(originalKey, original, prepared.format().mimetype());
        List<String> analysedKeys = new ArrayList<>();
        if (prepared.originalReused()) {
            analysedKeys.add(originalKey);
        } else {
            for (int i = 0; i < prepared.analysed().size(); i++) {
                String key = prefix + "analysed-" + i + ".jpg";
                store.put(key, prepared.analysed().get(i), prepared.analysedType());
                analysedKeys.add(key);
            }
        }
        return new ImageFetch(
                ImageFetch.Status.FETCHED,
                null,
                null,
                source.name(),
                originalKey,
                analysedKeys,
                sha256(original),
                prepared.format().mimetype(),
                prepared.width(),
                prepared.height(),
                prepared.frames());
    }

    private static FileScan done(FileScan input, SlackFile file, ImageFetch image) {
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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
