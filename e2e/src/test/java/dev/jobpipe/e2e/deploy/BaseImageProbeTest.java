package dev.jobpipe.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * distribution/src/image/BaseImageProbe.java decides whether the build makes the image here or
 * skips it with one line: a missing registry, a missing saved image or an offline build must skip,
 * never fail the build; a registry that answers (even 401) must build. The distribution pom runs
 * it before Jib with the same base image Jib uses and skips Jib on its "not built" line.
 */
class BaseImageProbeTest {

  private static final String SOURCE = "distribution/src/image/BaseImageProbe.java";

  @TempDir static Path classes;
  private static Method whyNot;
  private static Method registryOf;

  @BeforeAll
  static void compile() throws Exception {
    int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-d", classes.toString(), Repo.path(SOURCE).toString());
    assertThat(exit).as("javac " + SOURCE).isZero();
    Class<?> probe = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null).loadClass("BaseImageProbe");
    whyNot = probe.getDeclaredMethod("whyNot", String.class, boolean.class);
    registryOf = probe.getDeclaredMethod("registryOf", String.class);
    whyNot.setAccessible(true);
    registryOf.setAccessible(true);
  }

  private static String whyNot(String image, boolean offline) throws Exception {
    return (String) whyNot.invoke(null, image, offline);
  }

  @Test
  void resolvesTheRegistryOfAnImageAsDockerDoes() throws Exception {
    assertThat(registryOf.invoke(null, "eclipse-temurin:21-jre")).isEqualTo("registry-1.docker.io");
    assertThat(registryOf.invoke(null, "library/eclipse-temurin:21-jre")).isEqualTo("registry-1.docker.io");
    assertThat(registryOf.invoke(null, "docker.io/library/eclipse-temurin:21-jre")).isEqualTo("registry-1.docker.io");
    assertThat(registryOf.invoke(null, "ghcr.io/acme/jre:21")).isEqualTo("ghcr.io");
    assertThat(registryOf.invoke(null, "localhost:5000/jre:21")).isEqualTo("localhost:5000");
  }

  @Test
  void aRegistryThatAnswersEvenWith401BuildsTheImage() throws Exception {
    HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    List<String> asked = new ArrayList<>();
    registry.createContext("/", exchange -> {
      asked.add(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
    });
    registry.start();
    try {
      assertThat(whyNot("localhost:" + registry.getAddress().getPort() + "/jre:21", false)).isNull();
      assertThat(asked).containsExactly("/v2/");
    } finally {
      registry.stop(0);
    }
  }

  @Test
  void anUnreachableRegistryAMissingSavedImageOrAnOfflineBuildSkipsSayingWhy() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(whyNot("localhost:" + closed + "/jre:21", false))
        .startsWith("base image localhost:" + closed + "/jre:21 cannot be pulled: registry localhost:" + closed + " unreachable (");
    assertThat(whyNot("tar:///nowhere/base.tar", false)).isEqualTo("base image tar:///nowhere/base.tar: no such file");
    assertThat(whyNot("eclipse-temurin:21-jre", true)).isEqualTo("base image eclipse-temurin:21-jre cannot be pulled: Maven runs offline");
  }

  @Test
  void scratchAndASavedImageNeedNoRegistry() throws Exception {
    assertThat(whyNot("scratch", true)).isNull();
    Path saved = Files.createFile(classes.resolve("base.tar"));
    assertThat(whyNot("tar://" + saved, true)).isNull();
  }

  @Test
  void itPrintsOneLineThatTheBuildTurnsIntoJibSkip() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes.toString(), "BaseImageProbe", "eclipse-temurin:21-jre", "true").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out.lines().toList()).singleElement().asString()
        .startsWith("jobpipe image: not built: base image eclipse-temurin:21-jre cannot be pulled: Maven runs offline");
    // the pom's antrun step: the same base image as Jib, and "not built" in the line sets jib.skip
    String pom = Repo.read(Repo.path(ImageDefinition.DISTRIBUTION_POM));
    assertThat(pom).contains("<arg value=\"${project.basedir}/src/image/BaseImageProbe.java\"/>")
        .contains("<arg value=\"${jobpipe.image.from}\"/>").contains("<from><image>${jobpipe.image.from}</image></from>")
        .contains("<condition property=\"jib.skip\" value=\"true\">")
        .contains("<contains string=\"${jobpipe.image.probe}\" substring=\"not built\"/>");
  }
}
