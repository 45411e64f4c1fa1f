package dev.jobpipe.router;

/**
 * Decides where a failure goes. Pure and non-blocking: it is called on the Streams thread for every
 * failed record, and swapping it (say, for one that reads policies from a database cache) must not
 * change the topology.
 */
public interface RoutingDecider {

  /** The decision for {@code failure}; never null. */
  RoutingDecision decide(Failure failure);
}
