package dev.imagemoderation.moderate;

import com.slack.api.methods.response.files.FilesInfoResponse;
import com.slack.api.model.File;
import dev.imagemoderation.core.errors.FileUnreadableException;
import dev.imagemoderation.core.secrets.Secret;
import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.Thumbnail;
import dev.imagemoderation.slack.SlackApi;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Fills in a stub file (Slack Connect's {@code file_access: check_file_info}) with
 * {@code files.info}, which is what Slack asks apps to do.
 */
final class FileInfoResolver {

    private final SlackApi api;
    private final Secret botToken;

    FileInfoResolver(SlackApi api, Secret botToken) {
        this.api = api;
        this.botToken = botToken;
    }

    /** What files.info said: the file, or that it was deleted, or that the bot cannot see it. */
    sealed interface Lookup {
        record Found(SlackFile file) implements Lookup {}

        record Deleted() implements Lookup {}

        record NotVisible() implements Lookup {}
    }

    Lookup lookup(String fileId) {
        FilesInfoResponse r = api.call("files.info", botToken, m -> m.filesInfo(b -> b.file(fileId)));
        if (!r.isOk()) {
            if ("file_deleted".equals(r.getError())) {
                return new Lookup.Deleted();
            }
            if ("file_not_found".equals(r.getError())) {
                return new Lookup.NotVisible();
            }
            throw new FileUnreadableException(
                    "the bot token cannot read file " + fileId + ": " + SlackApi.describe("files.info", r));
        }
        File f = r.getFile();
        TreeMap<Integer, Thumbnail> thumbs = new TreeMap<>();
        thumb(thumbs, 360, f.getThumb360(), f.getThumb360Width(), f.getThumb360Height());
        thumb(thumbs, 480, f.getThumb480(), f.getThumb480Width(), f.getThumb480Height());
        thumb(thumbs, 720, f.getThumb720(), f.getThumb720Width(), f.getThumb720Height());
        thumb(thumbs, 800, f.getThumb800(), f.getThumb800Width(), f.getThumb800Height());
        thumb(thumbs, 960, f.getThumb960(), f.getThumb960Width(), f.getThumb960Height());
        thumb(thumbs, 1024, f.getThumb1024(), f.getThumb1024Width(), f.getThumb1024Height());
        return new Lookup.Found(new SlackFile(
                f.getId(),
                f.getName(),
                f.getMimetype(),
                f.getFiletype(),
                f.getSize() == null ? null : f.getSize().longValue(),
                f.getMode(),
                f.getFileAccess(),
                f.getUrlPrivate(),
                integer(f.getOriginalWidth()),
                integer(f.getOriginalHeight()),
                thumbs,
                f.getThumbVideo() == null || f.getThumbVideo().isBlank()
                        ? null
                        : new Thumbnail(f.getThumbVideo(), f.getThumbVideoW(), f.getThumbVideoH())));
    }

    private static void thumb(TreeMap<Integer, Thumbnail> into, int size, String url, String w, String h) {
        if (url != null && !url.isBlank()) {
            into.put(size, new Thumbnail(url, integer(w), integer(h)));
        }
    }

    private static Integer integer(String s) {
        Function<String, Integer> parse = v -> {
            try {
                return Integer.valueOf(v.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        };
        return s == null ? null : parse.apply(s);
    }
}
