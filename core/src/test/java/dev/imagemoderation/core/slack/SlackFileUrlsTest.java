package dev.imagemoderation.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackFileUrlsTest {

    @ParameterizedTest(name = "{0} names {1}: {2}")
    @CsvSource({
        "https://files.slack.com/files-pri/T0123-F0456/cat.png, F0456, true",
        "https://files.slack.com/files-tmb/T0123-F0456-9a8b7c/cat_720.png, F0456, true",
        "https://files.slack.com/files-pri/E0ENT1-F0456/cat.png, F0456, true",
        "https://files.slack.com/files-pri/T0123-F0999/other.png, F0456, false",
        "https://files.slack.com/files-pri/T0123-F04567/cat.png, F0456, false",
        "https://files.slack.com/files-pri/T0123-F0456, F0456, false",
        "https://files.slack.com/somewhere/T0123-F0456/cat.png, F0456, false",
        "https://files.slack.com/files-pri/T0123-F0999/x/../../files-pri/T0123-F0456/cat.png, F0456, false",
        "https://files.slack.com/files-pri/T0123-F0456/x/../../files-pri/T0123-F0999/cat.png, F0456, false"
    })
    void namesFile_onlySlacksPathForThatId(String url, String fileId, boolean expected) {
        assertThat(SlackFileUrls.namesFile(url, fileId)).isEqualTo(expected);
    }

    @Test
    void namesFile_nullOrMalformed_isFalse() {
        assertThat(SlackFileUrls.namesFile(null, "F1")).isFalse();
        assertThat(SlackFileUrls.namesFile("https://files.slack.com/files-pri/T1-F1/a b.png", "F1"))
                .isFalse();
    }
}
