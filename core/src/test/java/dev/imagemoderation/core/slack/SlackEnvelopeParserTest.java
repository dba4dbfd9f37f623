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

    /** Slack's unfurl of a link: a message_changed whose message gained an attachment with the image. */
    static final String UNFURL = """
            {"type":"event_callback","event_id":"Ev2","team_id":"T1","event":{"type":"message",
             "subtype":"message_changed","hidden":true,"channel":"C1","channel_type":"channel","ts":"1.9",
             "event_ts":"1.9",
             "message":{"type":"message","user":"U1","text":"<https://img.example/a.png>","ts":"1.2",
              "thread_ts":"1.1","attachments":[{"id":1,"fallback":"a.png","from_url":"https://img.example/a.png",
               "image_url":"https://img.example/a.png","image_width":640,"image_height":480,"image_bytes":12345,
               "service_name":"img.example"}]},
             "previous_message":{"type":"message","user":"U1","text":"<https://img.example/a.png>","ts":"1.2"}}}
            """;

    @Test
    void parse_unfurl_readsTheEditedMessageAndTheImagesBeforeAndAfter() throws Exception {
        MessageEvent m = ((SlackEnvelope.EventCallback) parse(UNFURL)).event();

        assertThat(m.isEdit()).isTrue();
        assertThat(m.user()).isEqualTo("U1");
        assertThat(m.ts()).as("the edited message's ts, not the event's").isEqualTo("1.2");
        assertThat(m.threadTs()).isEqualTo("1.1");
        assertThat(m.channel()).isEqualTo("C1");
        assertThat(m.previousImages()).isEmpty();
        assertThat(m.images()).singleElement().satisfies(i -> {
            assertThat(i.url()).isEqualTo("https://img.example/a.png");
            assertThat(i.origin()).isEqualTo(RemoteImage.Origin.LINK_PREVIEW);
            assertThat(i.width()).isEqualTo(640);
            assertThat(i.bytes()).isEqualTo(12345L);
            assertThat(i.title()).isEqualTo("a.png");
            assertThat(i.id()).matches("R[0-9A-F]{16}").isEqualTo(RemoteImage.idFor("C1", "1.2", i.url()));
        });
    }

    @Test
    void parse_appBlocks_findsImageBlocksAccessoriesContextImagesAndAttachmentThumbs() throws Exception {
        var envelope = (SlackEnvelope.EventCallback) parse("""
                {"type":"event_callback","event_id":"Ev3","team_id":"T1","event":{"type":"message",
                 "subtype":"bot_message","bot_id":"B9","channel":"C1","ts":"2.1",
                 "blocks":[{"type":"image","image_url":"https://cdn.example/1.jpg","alt_text":"one"},
                  {"type":"section","text":{"type":"mrkdwn","text":"hi"},
                   "accessory":{"type":"image","image_url":"https://cdn.example/2.jpg","alt_text":"two"}},
                  {"type":"context","elements":[{"type":"image","image_url":"https://cdn.example/3.jpg",
                   "alt_text":"three"},{"type":"mrkdwn","text":"x"}]},
                  {"type":"image","slack_file":{"id":"F1"},"alt_text":"a Slack file, moderated as a file"},
                  {"type":"image","image_url":"https://cdn.example/1.jpg","alt_text":"the same again"}],
                 "attachments":[{"thumb_url":"https://cdn.example/4.jpg","thumb_width":75,"thumb_height":75,
                  "blocks":[{"type":"image","image_url":"https://cdn.example/5.jpg","alt_text":"five"}]}]}}
                """);

        assertThat(envelope.event().images())
                .extracting(RemoteImage::url)
                .containsExactlyInAnyOrder(
                        "https://cdn.example/1.jpg",
                        "https://cdn.example/2.jpg",
                        "https://cdn.example/3.jpg",
                        "https://cdn.example/4.jpg",
                        "https://cdn.example/5.jpg");
        assertThat(envelope.event().images())
                .filteredOn(i -> i.url().endsWith("/2.jpg"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.origin()).isEqualTo(RemoteImage.Origin.IMAGE_BLOCK);
                    assertThat(i.title()).isEqualTo("two");
                });
    }

    @Test
    void parse_editWithoutItsMessage_isMalformed() {
        assertThatThrownBy(() -> parse("""
                        {"type":"event_callback","event_id":"Ev1","team_id":"T1","event":{"type":"message",
                         "subtype":"message_changed","channel":"C1","ts":"1.9"}}
                        """))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("message_changed event has no message object");
    }

    @Test
    void parse_video_keepsSlacksPosterFrame() throws Exception {
        var envelope = (SlackEnvelope.EventCallback) parse("""
                {"type":"event_callback","event_id":"Ev1","team_id":"T1","event":{"type":"message",
                 "subtype":"file_share","channel":"C1","user":"U1","ts":"1.2","files":[{"id":"F1","name":"a.mp4",
                  "mimetype":"video/mp4","filetype":"mp4","url_private":"https://files.slack.com/files-pri/T1-F1/a.mp4",
                  "thumb_video":"https://files.slack.com/files-tmb/T1-F1-abc/a_thumb_video.jpg",
                  "thumb_video_w":1280,"thumb_video_h":720}]}}
                """);

        assertThat(envelope.event().files().getFirst().thumbVideo())
                .isEqualTo(new Thumbnail("https://files.slack.com/files-tmb/T1-F1-abc/a_thumb_video.jpg", 1280, 720));
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
