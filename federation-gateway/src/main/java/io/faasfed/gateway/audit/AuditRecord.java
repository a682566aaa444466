package io.faasfed.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One write through the gateway, as the audit log keeps it.
 *
 * <p><b>No secrets</b>: callers must never pass a secret value (an API key, a password, a token, a function's
 * environment value) in any field. As a second line of defence the constructor rewrites what looks like a credential
 * in {@code detail}: a faasfed key {@code ffk_<id>_<secret>} keeps only its id ({@code ffk_<id>_***}), a
 * {@code Basic}/{@code Bearer} credential becomes {@code Basic ***}, and the user info of a URL becomes {@code ***}.
 * Text fields are cut to {@value #MAX_FIELD} characters, the detail to {@value #MAX_DETAIL}.
 *
 * @param time     when the write ended (or was refused)
 * @param callId   the call id of the request ({@code X-Call-Id})
 * @param actor    who made it: the API key's id or the token's subject; {@code anonymous} when null was given
 * @param tenant   the tenant the caller acted in, or null when it had none
 * @param action   what was done
 * @param target   the function name or key id written
 * @param platform the platform the write went to, or null when none was involved or known
 * @param scope    the scope on that platform (OpenFaaS namespace, OpenWhisk namespace, Fn app), or null for the
 *                 default
 * @param outcome  how it ended
 * @param status   the HTTP status the caller got (100..599)
 * @param detail   a short sentence for operators, or null; never a secret
 */
public record AuditRecord(Instant time, String callId, String actor, String tenant, AuditAction action,
                          String target, String platform, String scope, AuditOutcome outcome, int status,
                          String detail) {

    /** The actor recorded when none is known. */
    public static final String ANONYMOUS = "anonymous";
    /** The longest text kept in a field other than the detail. */
    public static final int MAX_FIELD = 256;
    /** The longest detail kept. */
    public static final int MAX_DETAIL = 500;

    private static final Pattern FAASFED_KEY = Pattern.compile("ffk_([A-Za-z0-9]+)_[A-Za-z0-9_\\-]+");
    private static final Pattern FAASFED_KEY_ANY = Pattern.compile("ffk_(?![A-Za-z0-9]+_\\*\\*\\*)[^\\s\"',;]+");
    private static final Pattern SCHEME_CREDENTIAL =
            Pattern.compile("(?i)\\b(Basic|Bearer)(?:\\s+|%20|\\+)[A-Za-z0-9._~+/\\-]{8,}=*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@\"']+@");

    /** Checks the required fields and removes what looks like a credential from the detail. */
    public AuditRecord {
        requireNonNull(time, "time");
        requireNonNull(callId, "callId");
        requireNonNull(action, "action");
        requireNonNull(target, "target");
        requireNonNull(outcome, "outcome");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
        }
        callId = cut(callId, MAX_FIELD);
        actor = actor == null || actor.isBlank() ? ANONYMOUS : cut(actor, MAX_FIELD);
        tenant = tenant == null ? null : cut(tenant, MAX_FIELD);
        target = cut(target, MAX_FIELD);
        platform = platform == null ? null : cut(platform, MAX_FIELD);
        scope = scope == null ? null : cut(scope, MAX_FIELD);
        detail = detail == null ? null : cut(redact(detail), MAX_DETAIL);
    }

    /**
     * {@code text} with what looks like a credential replaced: faasfed keys keep only their id, {@code Basic} and
     * {@code Bearer} credentials and the user info of URLs become {@code ***}.
     */
    public static String redact(String text) {
        String out = FAASFED_KEY.matcher(text).replaceAll("ffk_$1_***");
        out = FAASFED_KEY_ANY.matcher(out).replaceAll("ffk_***");
        out = SCHEME_CREDENTIAL.matcher(out).replaceAll("$1 ***");
        return URL_USER_INFO.matcher(out).replaceAll("$1***@");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
