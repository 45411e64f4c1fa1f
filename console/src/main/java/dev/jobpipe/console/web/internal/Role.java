package dev.jobpipe.console.web.internal;

import java.util.Locale;

/** What a console user may do: a viewer reads, an operator also replays, purges, pauses, rates and cancels. */
public enum Role {
  VIEWER,
  OPERATOR;

  /** Whether this role may call state-changing endpoints. */
  public boolean mayAct() {
    return this == OPERATOR;
  }

  /** The lower-case name used in users files and the API. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code viewer} or {@code operator}; {@link IllegalArgumentException} naming both otherwise. */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.label().equals(text == null ? "" : text.strip().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + text + "': expected viewer or operator");
  }
}
