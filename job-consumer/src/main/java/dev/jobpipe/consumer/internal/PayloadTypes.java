package dev.jobpipe.consumer.internal;

import dev.jobpipe.consumer.JobHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Finds the payload class a handler declares ({@code implements JobHandler<EmailSend>}) so the
 * worker can decode into it. The handler's own type arguments are read, nothing else: lambdas and
 * generic handlers have none, and get generic records.
 */
public final class PayloadTypes {

  private PayloadTypes() {}

  /**
   * The generated Avro class to decode into for a handler of {@code handlerClass} declaring
   * {@code declared} (its resolved type argument, or empty when erased), or empty for generic
   * records. Throws {@link IllegalArgumentException} naming the handler when the declared type can
   * never hold an Avro payload.
   */
  public static Optional<Class<? extends SpecificRecord>> specificType(Class<?> handlerClass, Optional<Class<?>> declared) {
    if (declared.isEmpty() || declared.get() == Object.class) {
      return Optional.empty();
    }
    Class<?> type = declared.get();
    if (SpecificRecord.class.isAssignableFrom(type) && !type.isInterface()) {
      return Optional.of(type.asSubclass(SpecificRecord.class));
    }
    if (type.isAssignableFrom(org.apache.avro.generic.GenericData.Record.class) || GenericContainer.class.isAssignableFrom(type)) {
      return Optional.empty();
    }
    throw new IllegalArgumentException("handler " + handlerClass.getName() + " declares payload type "
        + type.getName() + ", which is not an Avro record: declare JobHandler<GenericRecord> or a"
        + " generated Avro class");
  }

  /** The type argument {@code handlerClass} gives {@link JobHandler}, when it is a plain class. */
  public static Optional<Class<?>> declaredType(Class<?> handlerClass) {
    for (Class<?> c = handlerClass; c != null && c != Object.class; c = c.getSuperclass()) {
      Optional<Class<?>> found = fromInterfaces(c.getGenericInterfaces());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Class<?>> fromInterfaces(Type[] interfaces) {
    for (Type type : interfaces) {
      if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == JobHandler.class) {
        Type argument = parameterized.getActualTypeArguments()[0];
        if (argument instanceof Class<?> cls) {
          return Optional.of(cls);
        }
        if (argument instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
          return Optional.of(raw);
        }
        return Optional.empty();
      }
      Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
      if (raw != null && JobHandler.class.isAssignableFrom(raw)) {
        Optional<Class<?>> inherited = fromInterfaces(raw.getGenericInterfaces());
        if (inherited.isPresent()) {
          return inherited;
        }
      }
    }
    return Optional.empty();
  }
}
