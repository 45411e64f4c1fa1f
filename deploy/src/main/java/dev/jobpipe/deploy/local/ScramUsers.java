package dev.jobpipe.deploy.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/** Creates or updates the SCRAM credentials of every user of a secure local broker. */
final class ScramUsers {
  private static final int ITERATIONS = 8192;

  private ScramUsers() {}

  static void upsert(String bootstrap, Map<String, Object> adminProperties, StackSecurity security, Duration timeout) {
    Map<String, Object> props = new HashMap<>(adminProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "jobpipe-stack-users");
    List<UserScramCredentialAlteration> users = security.users().stream()
        .<UserScramCredentialAlteration>map(user -> new UserScramCredentialUpsertion(user,
            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), security.password(user)))
        .toList();
    try (Admin admin = Admin.create(props)) {
      admin.alterUserScramCredentials(users).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new LocalStackException("cannot create the SCRAM users of the secure broker: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new LocalStackException("creating the SCRAM users of the secure broker took over " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalStackException("interrupted while creating the SCRAM users", e);
    }
  }
}
