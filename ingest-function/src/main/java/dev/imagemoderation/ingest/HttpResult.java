package dev.imagemoderation.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** A transport-neutral HTTP answer: the Lambda handler and local mode's server both map it. */
public record HttpResult(int status, String contentType, String body) {

    static final String JSON = "application/json";

    static HttpResult ok() {
        return new HttpResult(200, null, "");
    }

    static HttpResult json(int status, String body) {
        return new HttpResult(status, JSON, body);
    }

    static HttpResult error(int status, String message) {
        return json(
                status,
                JsonNodeFactory.instance.objectNode().put("error", message).toString());
    }
}
