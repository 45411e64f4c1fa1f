package dev.jobpipe.cli.command;

import java.util.List;

/**
 * JVM options of the component processes ({@code jobpipe worker}, {@code router}, ...) that the
 * command ITs start: the C1 compiler only, the serial collector and a small heap, as the
 * reliability suite's children run. Several of them start at once on two cores next to the broker
 * and the registry, and C2's and G1's threads would compete with the start-up the tests wait for,
 * for the whole (short) life of each process. (SecureStackIT: 29 % less CPU with them.)
 */
final class ComponentJvm {

  static final List<String> OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private ComponentJvm() {}
}
