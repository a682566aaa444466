package io.faasfed.adapter.openwhisk.internal;

import io.faasfed.adapter.openwhisk.internal.client.model.Action;
import io.faasfed.adapter.openwhisk.internal.client.model.KeyValue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What invocation needs to know about an action: how to call it and how long it may run.
 *
 * @param name              the action's name in the configured namespace
 * @param namespace         the namespace the controller reports for it (the real one, where the configuration says
 *                          {@code _}), without the package
 * @param web               whether it is a web action ({@code web-export} set)
 * @param requireWhiskAuth  null when its web URL needs no authentication, {@code true} for the namespace key, or the
 *                          secret to send as {@code X-Require-Whisk-Auth}
 * @param timeout           the action's timeout
 */
public record ActionView(ActionName name, String namespace, boolean web, Object requireWhiskAuth, Duration timeout) {

    /** Requires the name, namespace and timeout. */
    public ActionView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The view of {@code action}, stored under {@code name}; {@code fallbackTimeout} when it reports no timeout.
     */
    public static ActionView of(ActionName name, Action action, Duration fallbackTimeout) {
        String reported = action.getNamespace();
        String namespace = reported == null || reported.isBlank() ? "_"
                : (reported.indexOf('/') < 0 ? reported : reported.substring(0, reported.indexOf('/')));
        List<KeyValue> annotations = action.getAnnotations() == null ? List.of() : action.getAnnotations();
        boolean web = annotations.stream().anyMatch(a -> "web-export".equals(a.getKey()) && truthy(a.getValue()));
        Object auth = annotations.stream().filter(a -> "require-whisk-auth".equals(a.getKey()))
                .map(KeyValue::getValue).filter(ActionView::truthy).findFirst()
                .map(value -> value instanceof Boolean ? (Object) Boolean.TRUE : value.toString()).orElse(null);
        Integer millis = action.getLimits() == null ? null : action.getLimits().getTimeout();
        return new ActionView(name, namespace, web, auth,
                millis == null || millis <= 0 ? fallbackTimeout : Duration.ofMillis(millis));
    }

    /** The controller's notion of truth: false, 0, null and "" are false, anything else is true. */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        if (value instanceof String string) {
            return !string.isEmpty();
        }
        return true;
    }
}
