package dev.jobpipe.deploy.local.internal;

/** Test main for {@link ParentWatchIT}: sleeps the given milliseconds, then exits with the given status. */
public final class ExitAfter {
  private ExitAfter() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args[0]));
    System.exit(Integer.parseInt(args[1]));
  }
}
