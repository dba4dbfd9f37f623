package dev.imagemoderation.core.slack;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A file of a message event, reduced to what moderation needs. It is also the file
 * entry of the queue contract ({@code ModerationRequest.files}), in camelCase with
 * thumbnails keyed "360", "480", ... Stub files (Slack Connect,
 * {@code file_access: check_file_info}) carry little more than an id; the workflow
 * fetches their details with {@code files.info}.
 *
 * @param thumbs image thumbnails keyed by their nominal size, smallest first
 * @param thumbVideo for a video, the poster frame Slack made of it ({@code thumb_video}), or null
 */
@JsonPropertyOrder({
    "id",
    "name",
    "mimetype",
    "filetype",
    "size",
    "mode",
    "fileAccess",
    "urlPrivate",
    "originalW",
    "originalH",
    "thumbs",
    "thumbVideo"
})
public record SlackFile(
        String id,
        String name,
        String mimetype,
        String filetype,
        Long size,
        String mode,
        String fileAccess,
        String urlPrivate,
        Integer originalW,
        Integer originalH,
        SortedMap<Integer, Thumbnail> thumbs,
        Thumbnail thumbVideo)
        implements ScanItem {

    /** Slack's marker for a file whose details are withheld from the event. */
    public static final String CHECK_FILE_INFO = "check_file_info";

    public SlackFile {
        thumbs = Collections.unmodifiableSortedMap(thumbs == null ? new TreeMap<>() : new TreeMap<>(thumbs));
    }

    /** A file without a video poster frame. */
    public SlackFile(
            String id,
            String name,
            String mimetype,
            String filetype,
            Long size,
            String mode,
            String fileAccess,
            String urlPrivate,
            Integer originalW,
            Integer originalH,
            SortedMap<Integer, Thumbnail> thumbs) {
        this(id, name, mimetype, filetype, size, mode, fileAccess, urlPrivate, originalW, originalH, thumbs, null);
    }

    @Override
    @JsonIgnore
    public String displayName() {
        return name != null ? name : "file " + id;
    }

    /** True when the event withheld the file's details and {@code files.info} must supply them. */
    @JsonIgnore
    public boolean isStub() {
        return CHECK_FILE_INFO.equals(fileAccess);
    }
}
