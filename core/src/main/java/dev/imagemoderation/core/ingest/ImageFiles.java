package dev.imagemoderation.core.ingest;

import dev.imagemoderation.core.slack.SlackFile;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which files of a message are images worth moderating. Deliberately
 * generous: a file Slack made image thumbnails for is moderated through them even
 * when its type is not an image (a PDF's first page can be explicit too), and a video
 * is moderated on frames sampled from it.
 */
public final class ImageFiles {

    /** Slack {@code filetype} values of image formats. */
    public static final Set<String> IMAGE_FILETYPES =
            Set.of("jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tiff", "tif");

    /** Slack {@code filetype} values of video formats whose frames are sampled. */
    public static final Set<String> VIDEO_FILETYPES = Set.of("mp4", "mov", "m4v");

    /** Modes of files whose bytes are gone or were never ours to read. */
    private static final Set<String> UNREADABLE_MODES = Set.of("tombstone", "hidden_by_limit");

    private ImageFiles() {}

    /** The files to queue: images, files with image thumbnails, and stubs whose type is not yet known. */
    public static List<SlackFile> select(List<SlackFile> files) {
        return files.stream().filter(ImageFiles::isCandidate).toList();
    }

    /** Whether this one file is worth moderating (see the class comment). */
    public static boolean isCandidate(SlackFile f) {
        if (f.id() == null || f.id().isBlank()) {
            return false;
        }
        if (f.isStub()) {
            return true;
        }
        if (f.mode() != null && UNREADABLE_MODES.contains(f.mode())) {
            return false;
        }
        String filetype = f.filetype() == null ? "" : f.filetype().toLowerCase(Locale.ROOT);
        return hasMimetypePrefix(f.mimetype(), "image/")
                || hasMimetypePrefix(f.mimetype(), "video/")
                || IMAGE_FILETYPES.contains(filetype)
                || VIDEO_FILETYPES.contains(filetype)
                || !f.thumbs().isEmpty();
    }

    private static boolean hasMimetypePrefix(String mimetype, String prefix) {
        return mimetype != null && mimetype.toLowerCase(Locale.ROOT).startsWith(prefix);
    }
}
