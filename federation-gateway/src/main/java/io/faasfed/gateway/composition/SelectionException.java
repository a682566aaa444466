package io.faasfed.gateway.composition;

/**
 * A selector or result path that does not fit the data of a run: a field missing, an index past the end, or a value
 * of the wrong type on the way. The message names the path and what was found; the engine fails the state with it.
 */
public final class SelectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what did not fit, and where
     */
    public SelectionException(String message) {
        super(message);
    }
}
