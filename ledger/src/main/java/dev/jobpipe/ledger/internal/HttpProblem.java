package dev.jobpipe.ledger.internal;

/**
 * A request that gets an error answer: the HTTP status and a one-line reason, sent as
 * {@code {"error": "..."}}. 400 for bad input, 404 for an unknown job, 503 while the ledger cannot
 * answer (starting, rebalancing, an owner unreachable): the client may retry only the last.
 */
public final class HttpProblem extends RuntimeException {

  private final int status;

  public HttpProblem(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static HttpProblem badRequest(String reason) {
    return new HttpProblem(400, reason);
  }

  static HttpProblem notFound(String id) {
    return new HttpProblem(404, "job " + id + " not found");
  }

  static HttpProblem unavailable(String reason) {
    return new HttpProblem(503, reason);
  }
}
