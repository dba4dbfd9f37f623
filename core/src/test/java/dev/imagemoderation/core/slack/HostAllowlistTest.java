package dev.imagemoderation.core.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostAllowlistTest {

    private final HostAllowlist allowlist = HostAllowlist.slackPlus(Set.of("127.0.0.1"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://files.slack.com/files-pri/T1-F1/a.png, true",
        "https://slack.com/api/files.info, true",
        "https://acme.slack.com/files/U1/F1/a.png, true",
        "https://files.slack-gov.com/files-pri/T1-F1/a.png, true",
        "http://files.slack.com/files-pri/T1-F1/a.png, false",
        "https://files.slack.com.evil.example/a.png, false",
        "https://evilslack.com/a.png, false",
        "https://user@files.slack.com/a.png, false",
        "https://example.com/a.png, false",
        "ftp://files.slack.com/a.png, false",
        "http://127.0.0.1:8080/files-pri/T1-F1/a.png, true",
        "http://localhost:8080/a.png, false",
        "not a url, false"
    })
    void allows_onlySlackHostsOverHttps_andExplicitLoopback(String url, boolean expected) {
        assertThat(allowlist.allows(url)).isEqualTo(expected);
    }
}
