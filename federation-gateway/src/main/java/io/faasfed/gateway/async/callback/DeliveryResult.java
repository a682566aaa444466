package io.faasfed.gateway.async.callback;

/**
 * How one callback delivery ended.
 *
 * @param status  the receiver's HTTP status; null when no answer came (refused, could not connect, timed out)
 * @param error   what went wrong, null when delivered
 * @param refused whether the guard refused the URL at delivery: such a delivery is not retried
 */
public record DeliveryResult(Integer status, String error, boolean refused) {

    /** The receiver answered 2xx. */
    public static DeliveryResult delivered(int status) {
        return new DeliveryResult(status, null, false);
    }

    /** The delivery failed: {@code status} null when there was no answer. It may be retried. */
    public static DeliveryResult failed(Integer status, String error) {
        return new DeliveryResult(status, error, false);
    }

    /** The guard refused the URL at delivery; {@code error} is the refusal's message. Not to be retried. */
    public static DeliveryResult refusedBy(CallbackRefused refusal) {
        return new DeliveryResult(null, refusal.getMessage(), true);
    }

    /** Whether the receiver took it (answered 2xx). */
    public boolean delivered() {
        return status != null && status >= 200 && status < 300 && error == null;
    }
}
