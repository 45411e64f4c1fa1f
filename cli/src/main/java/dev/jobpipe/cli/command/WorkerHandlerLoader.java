package dev.jobpipe.cli.command;

import dev.jobpipe.cli.ExitCodes;
import dev.jobpipe.cli.UserException;
import dev.jobpipe.consumer.JobHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the handler a {@code jobpipe worker} runs: a {@link JobHandler} class with a public no-arg
 * constructor, from the command's own classpath or from the jars and directories given with
 * {@code --classpath}. Every way this can go wrong is a one-line {@link UserException} naming the
 * class or the file, since it is always the user's input that is wrong.
 */
final class WorkerHandlerLoader {

  /** A created handler and the class loader its classes (and their dependencies) come from. */
  record Loaded(JobHandler<?> handler, ClassLoader classLoader) {}

  private WorkerHandlerLoader() {}

  static Loaded load(String className, List<Path> classpath, ClassLoader parent) {
    ClassLoader loader = classpath.isEmpty() ? parent : new URLClassLoader("jobpipe-handler", urls(classpath), parent);
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw usage("handler class '" + className + "' not found"
          + (classpath.isEmpty() ? " (add its jar with --classpath)" : " in --classpath " + classpath), e);
    } catch (LinkageError e) {
      throw usage("handler class '" + className + "' cannot be loaded: " + e, e);
    }
    if (!JobHandler.class.isAssignableFrom(type)) {
      throw usage("class '" + className + "' does not implement " + JobHandler.class.getName(), null);
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw usage("handler class '" + className + "' is abstract; name a concrete class", null);
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw usage("handler class '" + className + "' needs a public no-argument constructor", e);
    }
    try {
      return new Loaded((JobHandler<?>) constructor.newInstance(), loader);
    } catch (InvocationTargetException e) {
      throw usage("handler class '" + className + "' failed to construct: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw usage("handler class '" + className + "' cannot be created: " + e, e);
    }
  }

  private static URL[] urls(List<Path> classpath) {
    List<URL> urls = new ArrayList<>();
    for (Path entry : classpath) {
      if (!Files.exists(entry)) {
        throw usage("--classpath entry '" + entry + "' does not exist", null);
      }
      try {
        urls.add(entry.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw usage("--classpath entry '" + entry + "' is not a usable path: " + e.getMessage(), e);
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static UserException usage(String message, Throwable cause) {
    return new UserException(message, ExitCodes.USAGE, cause);
  }
}
