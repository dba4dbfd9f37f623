package dev.imagemoderation.core.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlackEnvelopeParserTest {

    private final SlackEnvelopeParser parser = new SlackEnvelopeParser();

    @Test
    void parse_urlVerification_keepsChallenge() throws Exception {
        var envelope = parse("{\"token\":\"x\",\"challenge\":\"abc123\",\"type\":\"url_verification\"}");

        assertThat(envelope).isEqualTo(new SlackEnvelope.UrlVerification("abc123"));
    }

    @Test
    void parse_messageWithFiles_readsFilesAndThumbnails() throws Exception {
        var envelope = (SlackEnvelope.EventCallback) parse("""
                {"type":"event_callback","event_id":"Ev1","team_id":"T1","api_app_id":"A1","event_time":1700000000,
                 "authorizations":[{"enterprise_id":"E1","team_id":"T1"}],
                 "event":{"type":"message","subtype":"file_share","channel":"C1","channel_type":"group","user":"U1",
                  "ts":"1.2","thread_ts":"1.1","files":[{"id":"F1","name":"a.png","mimetype":"image/png","filetype":"png",
                   "size":1234,"mode":"hosted","file_access":"visible","url_private":"https://files.slack.com/a.png",
                   "original_w":"800","original_h":600,"thumb_64":"https://t/64","thumb_360":"https://t/360",
                   "thumb_360_w":360,"thumb_360_h":270,"thumb_tiny":"AwAw","thumb_360_gif":"https://t/g"}]}}
                """);

        assertThat(envelope.eventId()).isEqualTo("Ev1");
        assertThat(envelope.enterpriseId()).isEqualTo("E1");
        MessageEvent m = envelope.event();
        assertThat(m.subtype()).isEqualTo("file_share");
        assertThat(m.channelType()).isEqualTo("group");
        assertThat(m.threadTs()).isEqualTo("1.1");
        SlackFile f = m.files().getFirst();
        assertThat(f.originalW()).isEqualTo(800);
        assertThat(f.size()).isEqualTo(1234L);
        assertThat(f.thumbs()).containsOnlyKeys(64, 360);
        assertThat(f.thumbs().get(360)).isEqualTo(new Thumbnail("https://t/360", 360, 270));
    }

    @Test
    void parse_botMessage_takesAppIdFromBotProfileWhenAbsent() throws Exception {
        var envelope = (SlackEnvelope.EventCallback) parse("""
                {"type":"event_callback","event_id":"Ev1","team_id":"T1","event":{"type":"message","bot_id":"B9",
                 "bot_profile":{"app_id":"A9"},"channel":"C1","ts":"1.2"}}
                """);

        assertThat(envelope.event().botId()).isEqualTo("B9");
        assertThat(envelope.event().appId()).isEqualTo("A9");
    }

    @Test
    void parse_nonMessageEvent_hasTypeButNoMessage() throws Exception {
        var envelope = (SlackEnvelope.EventCallback)
                parse(
                        "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"team_id\":\"T1\",\"event\":{\"type\":\"reaction_added\"}}");

        assertThat(envelope.eventType()).isEqualTo("reaction_added");
        assertThat(envelope.event()).isNull();
    }

    @Test
    void parse_unknownEnvelopeType_isUnsupported() throws Exception {
        assertThat(parse("{\"type\":\"block_actions\"}")).isEqualTo(new SlackEnvelope.Unsupported("block_actions"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{\"type\":",
                "[1,2]",
                "\"event_callback\"",
                "null",
                "{}",
                "{\"type\":42}",
                "{\"type\":\"url_verification\"}",
                "{\"type\":\"event_callback\",\"team_id\":\"T1\",\"event\":{\"type\":\"message\"}}",
                "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\"}}",
                "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"team_id\":\"T1\"}",
                "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"team_id\":\"T1\",\"event\":{\"type\":\"message\",\"files\":{}}}",
                "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"team_id\":\"T1\",\"event\":{\"type\":\"message\",\"files\":[1]}}"
            })
    void parse_notAnEnvelope_isMalformedWithReason(String body) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(MalformedEnvelopeException.class)
                .message()
                .isNotBlank();
    }

    private SlackEnvelope parse(String body) throws MalformedEnvelopeException {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
