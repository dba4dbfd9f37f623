package dev.imagemoderation.slackemulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulated workspace: people, the bot, channels with members, files with owners and
 * the channels they are shared in, and messages. Mutable and thread-safe enough for tests
 * (every method is synchronized on the workspace).
 */
public final class Workspace {

    public enum Role {
        OWNER,
        ADMIN,
        MEMBER,
        BOT
    }

    /** A token's owner and its granted scopes. */
    public record Token(String value, String userId, Set<String> scopes) {}

    public record User(String id, String name, Role role, String botId) {}

    public record Channel(String id, String name, boolean isPrivate, boolean isIm, Set<String> members) {}

    /** A stored file. {@code thumbs} maps nominal size to bytes; {@code deleted} once files.delete ran. */
    public static final class File {
        final String id;
        final String name;
        final String mimetype;
        final String filetype;
        final String owner;
        final byte[] bytes;
        final int width;
        final int height;
        final Map<Integer, Thumb> thumbs = new LinkedHashMap<>();
        final Set<String> channels = new LinkedHashSet<>();
        Thumb videoPoster;
        boolean deleted;

        File(
                String id,
                String name,
                String mimetype,
                String filetype,
                String owner,
                byte[] bytes,
                int width,
                int height) {
            this.id = id;
            this.name = name;
            this.mimetype = mimetype;
            this.filetype = filetype;
            this.owner = owner;
            this.bytes = bytes;
            this.width = width;
            this.height = height;
        }

        public String id() {
            return id;
        }

        public String name() {
            return name;
        }

        public synchronized boolean isDeleted() {
            return deleted;
        }

        public File thumb(int size, byte[] jpegOrPng, int w, int h) {
            thumbs.put(size, new Thumb(jpegOrPng, w, h));
            return this;
        }

        /** The poster frame Slack makes of a video ({@code thumb_video}). */
        public File videoPoster(byte[] jpeg, int w, int h) {
            videoPoster = new Thumb(jpeg, w, h);
            return this;
        }

        public File sharedIn(String... channelIds) {
            channels.addAll(List.of(channelIds));
            return this;
        }
    }

    record Thumb(byte[] bytes, int w, int h) {}

    /** A message in a channel; {@code deleted} once chat.delete ran, its text and blocks changed by chat.update. */
    public static final class Message {
        final String channel;
        final String ts;
        final String user;
        String text;
        final String threadTs;
        final List<String> fileIds;
        final String metadata;
        /** The Block Kit blocks, as the JSON array text the poster sent, or null. */
        String blocks;
        /** When chat.update last changed it, or null. */
        String editedTs;

        boolean deleted;

        Message(String channel, String ts, String user, String text, String threadTs, List<String> fileIds) {
            this(channel, ts, user, text, threadTs, fileIds, null);
        }

        Message(
                String channel,
                String ts,
                String user,
                String text,
                String threadTs,
                List<String> fileIds,
                String metadata) {
            this.channel = channel;
            this.ts = ts;
            this.user = user;
            this.text = text;
            this.threadTs = threadTs;
            this.fileIds = List.copyOf(fileIds);
            this.metadata = metadata;
        }

        /** The JSON metadata the poster attached ({@code event_type}, {@code event_payload}), or null. */
        public String metadata() {
            return metadata;
        }

        public String channel() {
            return channel;
        }

        public String ts() {
            return ts;
        }

        public String user() {
            return user;
        }

        public synchronized String text() {
            return text;
        }

        /** The Block Kit blocks as JSON array text, or null when it has none. */
        public synchronized String blocks() {
            return blocks;
        }

        /** The ts chat.update gave its last edit, or null when it was never edited. */
        public synchronized String editedTs() {
            return editedTs;
        }

        public String threadTs() {
            return threadTs;
        }

        public List<String> fileIds() {
            return fileIds;
        }

        public synchronized boolean isDeleted() {
            return deleted;
        }
    }

    final String teamId;
    private String appId = "A0EMULATED";
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Token> tokens = new ConcurrentHashMap<>();
    final Map<String, Channel> channels = new LinkedHashMap<>();
    final Map<String, File> files = new LinkedHashMap<>();
    final List<Message> messages = new ArrayList<>();

    /** A message only one person sees (chat.postEphemeral); Slack keeps none, the emulator keeps them for tests. */
    public record Ephemeral(String channel, String user, String text, String blocks, String ts) {}

    final List<Ephemeral> ephemerals = new ArrayList<>();

    /** The ephemeral messages {@code user} was shown, oldest first. */
    public synchronized List<Ephemeral> ephemeralsFor(String user) {
        return ephemerals.stream().filter(e -> e.user().equals(user)).toList();
    }
    /** Last ts handed out, in microseconds: real time, strictly increasing, as Slack's message ts. */
    private final AtomicLong clock = new AtomicLong();

    public Workspace(String teamId) {
        this.teamId = teamId;
    }

    /** The installed app's id, as in {@code api_app_id}. */
    public synchronized Workspace app(String id) {
        this.appId = id;
        return this;
    }

    public synchronized String appId() {
        return appId;
    }

    public String teamId() {
        return teamId;
    }

    public synchronized Workspace user(String id, String name, Role role) {
        users.put(id, new User(id, name, role, null));
        return this;
    }

    public synchronized Workspace bot(String userId, String botId) {
        users.put(userId, new User(userId, "moderation-bot", Role.BOT, botId));
        return this;
    }

    /** Issues a token for a user (or the bot's user) with the given scopes. */
    public synchronized Workspace token(String token, String userId, String... scopes) {
        tokens.put(token, new Token(token, userId, Set.of(scopes)));
        return this;
    }

    public synchronized Workspace revoke(String token) {
        tokens.remove(token);
        return this;
    }

    public synchronized Workspace channel(String id, String name, boolean isPrivate, String... members) {
        channels.put(id, new Channel(id, name, isPrivate, false, new LinkedHashSet<>(List.of(members))));
        return this;
    }

    public synchronized File file(
            String id,
            String name,
            String mimetype,
            String filetype,
            String owner,
            byte[] bytes,
            int width,
            int height) {
        File f = new File(id, name, mimetype, filetype, owner, bytes, width, height);
        files.put(id, f);
        return f;
    }

    /** Posts a message as a person would (e.g. the one that shared a file). */
    public synchronized Message post(String channel, String user, String text, String threadTs, String... fileIds) {
        Message m = new Message(channel, nextTs(), user, text, threadTs, List.of(fileIds));
        messages.add(m);
        return m;
    }

    public synchronized List<Channel> channels() {
        return List.copyOf(channels.values());
    }

    public synchronized Optional<User> findUser(String id) {
        return Optional.ofNullable(users.get(id));
    }

    public synchronized Optional<File> findFile(String id) {
        return Optional.ofNullable(files.get(id));
    }

    /** A message by its channel and ts, deleted or not. */
    public synchronized Optional<Message> findMessage(String channel, String ts) {
        return messages.stream()
                .filter(m -> m.channel.equals(channel) && m.ts.equals(ts))
                .findFirst();
    }

    /** Messages not deleted, in posting order, in one channel (or DM channel). */
    public synchronized List<Message> messagesIn(String channel) {
        return messages.stream()
                .filter(m -> m.channel.equals(channel) && !m.deleted)
                .toList();
    }

    /** The DM channel between the bot and a user, once conversations.open made it. */
    public synchronized Optional<String> imWith(String userId) {
        return channels.values().stream()
                .filter(c -> c.isIm() && c.members().contains(userId))
                .map(Channel::id)
                .findFirst();
    }

    synchronized String nextTs() {
        long now = Instant.now().toEpochMilli() * 1000;
        long micros = clock.updateAndGet(last -> Math.max(last + 1, now));
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    synchronized boolean canSee(String userId, File f) {
        if (f.owner.equals(userId)) {
            return true;
        }
        for (String c : f.channels) {
            Channel ch = channels.get(c);
            if (ch != null && (!ch.isPrivate() || ch.members().contains(userId))) {
                return true;
            }
        }
        return false;
    }
}
