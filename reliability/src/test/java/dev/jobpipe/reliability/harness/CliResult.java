package dev.jobpipe.reliability.harness;

import java.util.List;

/** What one {@code jobpipe} command line printed and returned, in-process or as a child process. */
public record CliResult(List<String> args, int exitCode, String out, String err) {

  /** The non-blank lines of stderr. */
  public List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }

  @Override
  public String toString() {
    return "jobpipe " + String.join(" ", args) + " -> exit " + exitCode + "\n--- stdout ---\n" + out
        + "--- stderr ---\n" + err;
  }
}
