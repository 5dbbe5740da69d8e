package lasso.bench;

/** A node or server could not start because another process on this machine holds one of its ports. */
public final class PortTakenException extends IllegalStateException {

    private final int port;

    public PortTakenException(int port, String message) {
        super(message);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
