package dev.imagemoderation.core.slack;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ties a file id to its URLs. Slack serves a file's original under {@code /files-pri/T…-F…/name} and
 * its thumbnails under {@code /files-tmb/T…-F…-hash/name}. FetchImage downloads the URL while
 * RemoveFiles deletes the id, so a forged queue message could pair a victim's file id with another
 * image's URL; a URL that does not name the file it claims to be is refused.
 */
public final class SlackFileUrls {

    private static final Pattern FILE_PATH =
            Pattern.compile("^/files-(?:pri|tmb)/[A-Z0-9]+-(F[A-Z0-9]+)(?:-[^/]*)?/.+");

    private SlackFileUrls() {}

    /** True when {@code url}'s path is Slack's file path for {@code fileId}. */
    public static boolean namesFile(String url, String fileId) {
        if (url == null || fileId == null) {
            return false;
        }
        try {
            // Normalised first: the server resolves dot segments, so the check must see what it will serve.
            String path = URI.create(url).normalize().getPath();
            Matcher m = path == null ? null : FILE_PATH.matcher(path);
            return m != null && m.matches() && m.group(1).equals(fileId);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
