package dev.jobpipe.deploy.local;

/** Whose life a child process of the stack is tied to. */
public enum Supervision {
  /**
   * The child dies with the JVM that started it: stopped by a shutdown hook on a normal exit, and
   * by its own watch of that JVM's pid when the JVM is killed. For tests, which must never leave a
   * broker behind.
   */
  TIED,
  /**
   * The child outlives the JVM that started it, in a session of its own, and is stopped later by
   * pid. For {@code jobpipe dev up}.
   */
  DETACHED
}
