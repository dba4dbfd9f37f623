package dev.imagemoderation.slackemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.imagemoderation.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's current upload flow ({@code files.upload} is retired): {@code files.getUploadURLExternal}
 * hands out an upload URL and a file id, the bytes are POSTed there (raw or as a multipart
 * form), and {@code files.completeUploadExternal} makes the file and shares it, with a message,
 * in a channel or a thread.
 */
final class Uploads {

    static final String PATH = "/upload/v1/";

    /** An upload begun: the URL's secret, what was announced, and the bytes once they arrive. */
    private static final class Pending {
        final String fileId;
        final String filename;
        final long length;
        final String uploader;
        volatile byte[] bytes;

        Pending(String fileId, String filename, long length, String uploader) {
            this.fileId = fileId;
            this.filename = filename;
            this.length = length;
            this.uploader = uploader;
        }
    }

    private final Map<String, Pending> byUrlToken = new ConcurrentHashMap<>();
    private final Map<String, Pending> byFileId = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    ObjectNode start(Workspace.Token t, Map<String, String> params, String base) {
        String filename = params.get("filename");
        long length;
        try {
            length = Long.parseLong(params.getOrDefault("length", "0"));
        } catch (NumberFormatException e) {
            return SlackEmulator.error("invalid_arguments");
        }
        if (filename == null || filename.isBlank()) {
            return SlackEmulator.error("invalid_arguments");
        }
        if (length <= 0) {
            // Slack's answer when length is 0 or absent.
            return SlackEmulator.error("missing_argument");
        }
        String fileId = String.format("F0UP%06d", ids.incrementAndGet());
        String urlToken = UUID.randomUUID().toString().replace("-", "");
        Pending p = new Pending(fileId, filename, length, t.userId());
        byUrlToken.put(urlToken, p);
        byFileId.put(fileId, p);
        return SlackEmulator.ok().put("upload_url", base + PATH + urlToken).put("file_id", fileId);
    }

    /** The POST to an upload URL; Slack answers 200 with a line of text, whatever the body's form. */
    void receive(HttpExchange ex, String urlToken) throws IOException {
        Pending p = byUrlToken.get(urlToken);
        if (!ex.getRequestMethod().equals("POST") || p == null) {
            ex.sendResponseHeaders(p == null ? 404 : 405, -1);
            return;
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] bytes = type != null && type.startsWith("multipart/form-data") ? firstPart(body, type) : body;
        p.bytes = bytes;
        byte[] answer = ("OK - " + bytes.length).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, answer.length);
        ex.getResponseBody().write(answer);
    }

    ObjectNode complete(Workspace.Token t, Map<String, String> params, Workspace workspace) {
        JsonNode files;
        try {
            files = Json.mapper().readTree(params.getOrDefault("files", ""));
        } catch (IOException e) {
            return SlackEmulator.error("invalid_arguments");
        }
        if (files == null || !files.isArray() || files.isEmpty()) {
            return SlackEmulator.error("invalid_arguments");
        }
        String channel = params.get("channel_id");
        Workspace.Channel ch = channel == null ? null : workspace.channels.get(channel);
        if (channel != null && ch == null) {
            return SlackEmulator.error("channel_not_found");
        }
        if (ch != null && !ch.members().contains(t.userId())) {
            return SlackEmulator.error("not_in_channel");
        }
        ObjectNode r = SlackEmulator.ok();
        ArrayNode out = r.putArray("files");
        String[] ids = new String[files.size()];
        for (int i = 0; i < files.size(); i++) {
            Pending p = byFileId.get(files.get(i).path("id").asText(""));
            if (p == null || p.bytes == null || !p.uploader.equals(t.userId())) {
                // Unknown, never uploaded, or begun by someone else: Slack has no such file for this token.
                return SlackEmulator.error("file_not_found");
            }
            ids[i] = p.fileId;
        }
        for (int i = 0; i < files.size(); i++) {
            Pending p = byFileId.remove(ids[i]);
            String title = files.get(i).path("title").asText(p.filename);
            String filetype = extension(p.filename);
            Workspace.File f =
                    workspace.file(p.fileId, p.filename, mimetype(filetype), filetype, p.uploader, p.bytes, 0, 0);
            if (ch != null) {
                f.sharedIn(ch.id());
            }
            out.addObject().put("id", p.fileId).put("name", p.filename).put("title", title);
        }
        if (ch != null) {
            workspace.post(
                    ch.id(), t.userId(), params.getOrDefault("initial_comment", ""), params.get("thread_ts"), ids);
        }
        return r;
    }

    private static String extension(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "binary" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String mimetype(String filetype) {
        return switch (filetype) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "mp4" -> "video/mp4";
            default -> "application/octet-stream";
        };
    }

    /** The body of the first part of a multipart form: enough for one file. */
    private static byte[] firstPart(byte[] body, String contentType) {
        int b = contentType.indexOf("boundary=");
        if (b < 0) {
            return body;
        }
        byte[] boundary = ("--"
                        + contentType.substring(b + "boundary=".length()).replace("\"", ""))
                .getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (start < 0) {
            return body;
        }
        start += 4;
        int end = indexOf(body, boundary, start);
        if (end < 0) {
            return body;
        }
        // The part ends with CRLF before the next boundary.
        return java.util.Arrays.copyOfRange(body, start, Math.max(start, end - 2));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
