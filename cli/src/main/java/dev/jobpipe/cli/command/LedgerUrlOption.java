package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.ledger.JobLedgerClient;
import dev.jobpipe.ledger.JobLedgerException;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** {@code --ledger-url} of the commands that ask the job ledger, and the client it makes. */
public final class LedgerUrlOption {

  @Option(names = "--ledger-url", paramLabel = "URL",
      defaultValue = "${env:JOBPIPE_LEDGER_URL:-http://localhost:9410}",
      description = "The job ledger's HTTP address (env JOBPIPE_LEDGER_URL, default ${DEFAULT-VALUE})")
  String url;

  /** A client of the ledger; a usage error for a URL that is not http(s). */
  JobLedgerClient client() {
    return new JobLedgerClient(uri());
  }

  /** The ledger's address; a usage error for a URL that is not http(s). */
  URI uri() {
    try {
      URI uri = new URI(url.strip());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(url, "expected http://HOST:PORT");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UserException("invalid --ledger-url '" + url + "': expected http://HOST:PORT", ExitCodes.USAGE, e);
    }
  }

  /** The one-line error of a ledger call that failed. */
  static UserException failure(JobLedgerException e) {
    return new UserException(e.getMessage(), e.status() == 400 ? ExitCodes.USAGE : ExitCodes.FAILED, e);
  }
}
