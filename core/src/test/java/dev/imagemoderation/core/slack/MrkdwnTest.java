package dev.imagemoderation.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MrkdwnTest {

    @Test
    void escape_theThreeCharactersSlackReads_andNothingElse() {
        assertThat(Mrkdwn.escape("<!channel> <https://evil|Restore image> & *bold* _x_ é"))
                .isEqualTo("&lt;!channel&gt; &lt;https://evil|Restore image&gt; &amp; *bold* _x_ é");
        assertThat(Mrkdwn.escape("&lt;")).isEqualTo("&amp;lt;");
        assertThat(Mrkdwn.escape(null)).isNull();
    }
}
