package dev.jobpipe.console.web.internal;

import java.util.Objects;

/** Who is calling: a user name (recorded as "who" of every action) and a role. */
public record Principal(String name, Role role) {
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }
}
