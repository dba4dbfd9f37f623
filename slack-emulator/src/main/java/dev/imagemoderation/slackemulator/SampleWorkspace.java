package dev.imagemoderation.slackemulator;

/**
 * A small workspace with the roles moderation needs: an admin, a poster, the bot, a
 * public channel, a private channel the admin is not in, and the moderators' channel.
 */
public final class SampleWorkspace {

    public static final String TEAM = "T0MODTEAM1";
    public static final String ADMIN = "U0ADMIN001";
    public static final String POSTER = "U0POSTER01";
    /** A moderator who is not an admin: a member of the moderators' channel. */
    public static final String MODERATOR = "U0MODER001";

    public static final String BOT_USER = "U0MODBOTUS";
    public static final String BOT_ID = "B0MODBOT01";
    public static final String GENERAL = "C0GENERAL1";
    public static final String SECRET_CHANNEL = "G0SECRET01";
    public static final String MODERATORS = "C0MODS0001";

    public static final String BOT_TOKEN = "emulator-bot-token";
    public static final String ADMIN_TOKEN = "emulator-admin-user-token";
    public static final String MEMBER_TOKEN = "emulator-member-user-token";
    /** An app-level token (Socket Mode): it may only open connections. */
    public static final String APP_TOKEN = "emulator-app-level-token";

    public static final String APP_ID = "A0MODBOT01";

    /** Another app in the workspace (a GIF search, say), whose posts are moderated like anyone's. */
    public static final String OTHER_APP_ID = "A0GIFAPP01";

    public static final String OTHER_BOT_ID = "B0GIFAPP01";
    public static final String OTHER_BOT_USER = "U0GIFAPPUS";

    private SampleWorkspace() {}

    public static Workspace create() {
        return new Workspace(TEAM)
                .app(APP_ID)
                .user(ADMIN, "alex-admin", Workspace.Role.ADMIN)
                .user(POSTER, "pat-poster", Workspace.Role.MEMBER)
                .user(MODERATOR, "mo-moderator", Workspace.Role.MEMBER)
                .bot(BOT_USER, BOT_ID)
                .bot(OTHER_BOT_USER, OTHER_BOT_ID)
                .token(
                        BOT_TOKEN,
                        BOT_USER,
                        "channels:history",
                        "groups:history",
                        "files:read",
                        "chat:write",
                        "im:write",
                        "users:read",
                        "channels:read",
                        "groups:read",
                        "files:write")
                .token(ADMIN_TOKEN, ADMIN, "files:write", "chat:write")
                .token(MEMBER_TOKEN, POSTER, "files:read", "files:write", "chat:write")
                .token(APP_TOKEN, BOT_USER, SlackEmulator.APP_LEVEL_SCOPE)
                .channel(GENERAL, "general", false, ADMIN, POSTER, BOT_USER, OTHER_BOT_USER, MODERATOR)
                .channel(SECRET_CHANNEL, "secret-project", true, POSTER, BOT_USER)
                .channel(MODERATORS, "moderators", true, ADMIN, BOT_USER, MODERATOR);
    }
}
