package dev.imagemoderation.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagemoderation.asl.internal.History;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One execution: its identity, status, result and history. Thread-safe snapshots via accessors. */
public final class Execution {

    public enum Status {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    private final String arn;
    private final String name;
    private final String input;
    private final Instant startDate;
    private final History history;
    private volatile CompletableFuture<Execution> done = new CompletableFuture<>();
    private volatile Status status = Status.RUNNING;
    private volatile JsonNode output;
    private volatile String error;
    private volatile String cause;
    private volatile Instant stopDate;

    Execution(String arn, String name, String input, Instant startDate, History history) {
        this.arn = arn;
        this.name = name;
        this.input = input;
        this.startDate = startDate;
        this.history = history;
    }

    /** A closed execution restored from a store. */
    static Execution restored(ExecutionStore.Stored s, History history) {
        Execution e = new Execution(s.arn(), s.name(), s.input(), s.startDate(), history);
        if (s.status() == Status.SUCCEEDED) {
            e.succeed(s.output(), s.stopDate());
        } else if (s.status() == Status.FAILED) {
            e.fail(s.error(), s.cause(), s.stopDate());
        }
        return e;
    }

    void succeed(JsonNode out, Instant at) {
        output = out;
        stopDate = at;
        status = Status.SUCCEEDED;
        done.complete(this);
    }

    /** Open again for a redrive: running, with no result, and a new completion to wait for. */
    synchronized void reopen() {
        done = new CompletableFuture<>();
        output = null;
        error = null;
        cause = null;
        stopDate = null;
        status = Status.RUNNING;
    }

    void fail(String err, String why, Instant at) {
        error = err;
        cause = why;
        stopDate = at;
        status = Status.FAILED;
        done.complete(this);
    }

    public String arn() {
        return arn;
    }

    public String name() {
        return name;
    }

    public String input() {
        return input;
    }

    public Instant startDate() {
        return startDate;
    }

    public Instant stopDate() {
        return stopDate;
    }

    public Status status() {
        return status;
    }

    public JsonNode output() {
        return output;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    History log() {
        return history;
    }

    public List<HistoryEvent> history() {
        return history.events();
    }

    /** Completes when the execution closes. */
    public CompletableFuture<Execution> completion() {
        return done;
    }
}
