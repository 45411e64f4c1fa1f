package dev.jobpipe.deploy.local;

/**
 * A port the stack must listen on is taken by another process. Thrown before anything is started,
 * so nothing is left running; retry after freeing the port or choose another one.
 */
public class PortInUseException extends LocalStackException {
  private final int port;

  public PortInUseException(String component, int port, String hint) {
    super("port " + port + " (" + component + ") is already in use" + (hint == null ? "" : "; " + hint));
    this.port = port;
  }

  public int port() {
    return port;
  }
}
