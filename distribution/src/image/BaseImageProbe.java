import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells the build whether Jib can get the image's base image here, so that a machine without a
 * container registry skips the image with one line instead of failing the build. Run with the
 * source launcher by the distribution module (antrun, before jib:buildTar):
 * {@code java BaseImageProbe.java IMAGE OFFLINE} prints one line: {@code jobpipe image: building on
 * IMAGE}, or {@code jobpipe image: not built: WHY} (then the build sets jib.skip). Exit 0 either
 * way, 2 on a usage error (which fails the build). Jib's own prefixes: {@code scratch} (nothing to pull), {@code tar://PATH}
 * (a saved image), else a registry reference whose registry must answer {@code /v2/}.
 */
public final class BaseImageProbe {

  private static final int TIMEOUT_MS = 3_000;

  private BaseImageProbe() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.out.println("usage: java BaseImageProbe.java IMAGE OFFLINE(true|false)");
      System.exit(2);
    }
    String why = whyNot(args[0], Boolean.parseBoolean(args[1]));
    if (why != null) {
      System.out.println("jobpipe image: not built: " + why
          + " (the image builds where its base image can be pulled, or with -Djobpipe.image.from=tar:///PATH/base.tar)");
    } else {
      System.out.println("jobpipe image: building on " + args[0]);
    }
  }

  /** Why the base image cannot be had here, or null when it can. */
  static String whyNot(String image, boolean offline) {
    if (image.equals("scratch")) {
      return null;
    }
    if (image.startsWith("tar://")) {
      Path tar = Path.of(image.substring("tar://".length()));
      return Files.isRegularFile(tar) ? null : "base image " + image + ": no such file";
    }
    if (offline) {
      return "base image " + image + " cannot be pulled: Maven runs offline";
    }
    String registry = registryOf(image);
    String scheme = registry.startsWith("localhost") || registry.startsWith("127.0.0.1") ? "http" : "https";
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create(scheme + "://" + registry + "/v2/").toURL().openConnection();
      http.setConnectTimeout(TIMEOUT_MS);
      http.setReadTimeout(TIMEOUT_MS);
      http.getResponseCode(); // any answer (a registry says 401 to strangers) means it is there
      http.disconnect();
      return null;
    } catch (IOException | RuntimeException e) {
      return "base image " + image + " cannot be pulled: registry " + registry + " unreachable ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }
  }

  /** The registry of an image reference, as Docker resolves it: a first part with a dot, a colon or localhost, else Docker Hub. */
  static String registryOf(String image) {
    int slash = image.indexOf('/');
    if (slash > 0) {
      String first = image.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        return first.equals("docker.io") ? "registry-1.docker.io" : first;
      }
    }
    return "registry-1.docker.io";
  }
}
