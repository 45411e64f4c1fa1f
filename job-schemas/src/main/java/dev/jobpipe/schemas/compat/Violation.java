package dev.jobpipe.schemas.compat;

/**
 * One reason a schema fails its compatibility mode against one earlier version.
 *
 * @param schema the schema's name (its file name without {@code .avsc})
 * @param mode the mode that was checked
 * @param version the earlier version it breaks, e.g. 1 for {@code v1.avsc}
 * @param field dotted path of the field that broke it in the reading schema, e.g.
 *     {@code EmailSend.priority}; the record name alone when the record itself is at fault
 * @param problem what is wrong, in words, including the direction of the failing read
 * @param type Avro's classification, e.g. {@code READER_FIELD_MISSING_DEFAULT_VALUE}
 */
public record Violation(String schema, CompatibilityMode mode, int version, String field, String problem, String type) {

  /** One line naming the schema, the mode, the version and the field. */
  public String message() {
    return schema + " breaks " + mode + " compatibility with v" + version + ": field '" + field + "' " + problem
        + " [" + type + "]";
  }

  @Override
  public String toString() {
    return message();
  }
}
