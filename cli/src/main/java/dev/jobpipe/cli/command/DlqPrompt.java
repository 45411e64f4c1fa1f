package dev.jobpipe.cli.command;

import dev.jobpipe.cli.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Asks for confirmation before something that cannot be undone. No answer (stdin closed, as in a
 * script or CI job) refuses: a destructive command run unattended must say {@code --yes}.
 */
final class DlqPrompt {

  private DlqPrompt() {}

  /**
   * Prints {@code question} on {@code err} and reads one line from {@code in}: true for y/yes,
   * false for anything else; a {@link UserException} when there is no answer at all.
   */
  static boolean confirm(PrintWriter err, InputStream in, String question, String unattendedFlag) {
    err.print(question + " [y/N] ");
    err.flush();
    String answer;
    try {
      answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null) {
      err.println();
      throw new UserException("no answer on stdin: nothing was deleted; pass " + unattendedFlag
          + " to run without asking");
    }
    String a = answer.strip().toLowerCase(Locale.ROOT);
    return a.equals("y") || a.equals("yes");
  }
}
