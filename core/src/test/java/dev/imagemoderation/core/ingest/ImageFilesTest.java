package dev.imagemoderation.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagemoderation.core.slack.SlackFile;
import dev.imagemoderation.core.slack.Thumbnail;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageFilesTest {

    @ParameterizedTest(name = "{0} {1} {2} thumbs={3} -> {4}")
    @CsvSource(
            nullValues = "-",
            value = {
                "image/jpeg,        jpg,    hosted,          false, true",
                "image/x-anything,  -,      hosted,          false, true",
                "IMAGE/PNG,         -,      hosted,          false, true",
                "application/octet-stream, heic, hosted,     false, true",
                "-,                 webp,   hosted,          false, true",
                "-,                 TIFF,   hosted,          false, true",
                "application/pdf,   pdf,    hosted,          true,  true",
                "application/pdf,   pdf,    hosted,          false, false",
                "text/plain,        text,   snippet,         false, false",
                "video/mp4,         mp4,    hosted,          false, true",
                "video/quicktime,   mov,    hosted,          false, true",
                "-,                 m4v,    hosted,          false, true",
                "audio/mpeg,        mp3,    hosted,          false, false",
                "image/png,         png,    tombstone,       false, false",
                "image/png,         png,    hidden_by_limit, true,  false"
            })
    void isCandidate_byTypeModeAndThumbnails(
            String mimetype, String filetype, String mode, boolean thumbs, boolean expected) {
        var t = thumbs ? Map.of(360, new Thumbnail("https://t/360", 360, 360)) : Map.<Integer, Thumbnail>of();
        var file =
                new SlackFile("F1", "f", mimetype, filetype, 1L, mode, "visible", "https://x", 1, 1, new TreeMap<>(t));

        assertThat(ImageFiles.isCandidate(file)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"check_file_info, true", "visible, false"})
    void isCandidate_stubWithoutDetails_onlyWhenMarkedForFilesInfo(String access, boolean expected) {
        var stub = new SlackFile("F1", null, null, null, null, null, access, null, null, null, null);

        assertThat(ImageFiles.isCandidate(stub)).isEqualTo(expected);
    }
}
