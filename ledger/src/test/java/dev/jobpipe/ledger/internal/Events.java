package dev.jobpipe.ledger.internal;

import dev.jobpipe.ledger.internal.LedgerEvent.Kind;

/** Builds ledger events for tests: {@code Events.of(Kind.DONE, "j1", 2).at(100)}. */
record Events(LedgerEvent event) {

  static final String TYPE = "email";

  static LedgerEvent of(Kind kind, String id, Integer attempt) {
    return of(kind, id, attempt, 1_000L, null);
  }

  static LedgerEvent of(Kind kind, String id, Integer attempt, long time, String replayOf) {
    return new LedgerEvent(kind, id, TYPE, kind == Kind.ENQUEUED ? "key-" + id : null, attempt, time, 500L,
        kind == Kind.RETRY || kind == Kind.SCHEDULED ? time + 5_000 : null,
        kind == Kind.FAILED || kind == Kind.RETRY || kind == Kind.DEAD ? "java.io.IOException" : null,
        kind == Kind.FAILED || kind == Kind.RETRY || kind == Kind.DEAD ? "smtp down" : null,
        kind == Kind.DEAD ? "EXHAUSTED" : null, "jobs.email.x-0-" + time, replayOf,
        kind == Kind.DONE ? "ok" : null, kind == Kind.DONE ? "w1" : null, kind == Kind.DONE ? 12L : null);
  }
}
