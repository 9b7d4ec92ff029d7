package io.lezflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.embedded.TestDatabase;
import io.lezflow.embedded.TestServices;
import io.lezflow.portal.evidence.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code lezflow users}, {@code lezflow portal}'s settings and {@code lezflow evidence verify}, as users type them. */
class PortalCommandsTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private static Run run(String stdin, String... args) {
    CommandLine cl = LezflowCommand.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    PrintStream oldOut = System.out;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      int code = cl.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(oldOut);
      System.setIn(oldIn);
    }
  }

  @Test
  void usersAddListDisable() {
    try (TestDatabase db = TestServices.freshDatabase()) {
      String url = db.jdbcUrl();
      Run add = run("a long password\n", "users", "add", "ann", "--role", "operator", "--jdbc-url", url, "--jdbc-user", db.user());
      assertThat(add.exit()).as(add.err()).isEqualTo(0);
      assertThat(run("a long password\n", "users", "add", "bob", "--role", "police", "--police-zone", "pz-1", "--jdbc-url", url).exit()).isEqualTo(0);
      Run judge = run("a long password\n", "users", "add", "jo", "--role", "police", "--police-zone", "pz-1", "--legal-profile", "judicial",
          "--jdbc-url", url);
      assertThat(judge.exit()).as(judge.err()).isEqualTo(0);
      assertThat(judge.out()).contains("judicial profile");
      Run badProfile = run("a long password\n", "users", "add", "jy", "--role", "police", "--police-zone", "pz-1", "--legal-profile", "judge",
          "--jdbc-url", url);
      assertThat(badProfile.exit()).isEqualTo(2);
      assertThat(badProfile.err()).contains("--legal-profile must be administrative or judicial");
      Run dup = run("a long password\n", "users", "add", "ann", "--role", "operator", "--jdbc-url", url);
      assertThat(dup.exit()).isEqualTo(2);
      assertThat(dup.err()).contains("exists already");
      Run badRole = run("a long password\n", "users", "add", "cy", "--role", "admin", "--jdbc-url", url);
      assertThat(badRole.exit()).isEqualTo(2);
      assertThat(badRole.err()).contains("--role must be one of");
      assertThat(run("a long password\n", "users", "add", "dee", "--role", "police", "--jdbc-url", url).err()).contains("--police-zone");
      assertThat(run("short\n", "users", "add", "eve", "--role", "auditor", "--jdbc-url", url).err()).contains("10 characters");
      assertThat(run("x\n", "users", "disable", "ann", "--jdbc-url", url).exit()).isEqualTo(0);
      Run list = run(null, "users", "list", "--jdbc-url", url);
      assertThat(list.out()).containsPattern("ann\\s+operator\\s+-\\s+disabled").containsPattern("bob\\s+police\\s+pz-1\\s+enabled")
          .containsPattern("bob\\s+police\\s+pz-1\\s+enabled\\s+administrative").containsPattern("jo\\s+police\\s+pz-1\\s+enabled\\s+judicial")
          .doesNotContain("a long password").doesNotContain("argon2");
      assertThat(run(null, "users", "disable", "nobody", "--jdbc-url", url).exit()).isEqualTo(2);
    }
  }

  @Test
  void portalBadSettingsAreOneLineAndExitTwo() throws Exception {
    Path key = dir.resolve("key.pem");
    SigningKey.readOrCreate(key);
    Path notKey = Files.writeString(dir.resolve("not.pem"), "hello");
    String url = "jdbc:postgresql://127.0.0.1:1/none";
    assertThat(run(null, "portal", "--jdbc-url", url).err()).contains("--signing-key");
    assertThat(run(null, "portal", "--jdbc-url", url, "--signing-key", notKey.toString()).err()).contains("not a PEM PKCS#8 private key");
    assertThat(run(null, "portal", "--jdbc-url", url, "--signing-key", dir.resolve("missing.pem").toString()).err()).contains("not a readable file");
    assertThat(run(null, "portal", "--jdbc-url", url, "--signing-key", key.toString(), "--port", "70000").err()).contains("--port must be 0..65535");
    assertThat(run(null, "portal", "--jdbc-url", url, "--signing-key", key.toString(), "--time-zone", "Mars/Olympus").err()).contains("--time-zone");
    Run noDb = run(null, "portal", "--jdbc-url", "mysql://x", "--signing-key", key.toString());
    assertThat(noDb.exit()).isEqualTo(2);
    assertThat(noDb.err()).contains("jdbc:postgresql://").doesNotContain("Exception");
    Run unreachable = run(null, "portal", "--jdbc-url", url, "--signing-key", key.toString());
    assertThat(unreachable.exit()).isEqualTo(1);
    assertThat(unreachable.err()).contains("PostgreSQL not reachable at jdbc:postgresql://127.0.0.1:1/none");
  }

  @Test
  void evidenceVerifyAcceptsTheSignedBytesOnly() throws Exception {
    SigningKey key = SigningKey.generate();
    byte[] json = ("{\"format\":\"lezflow-evidence-package/1\",\"violation\":{\"violation_id\":\"v1\"},"
        + "\"signing_key\":{\"algorithm\":\"Ed25519\",\"public_key_spki\":\"" + key.publicKeySpkiBase64() + "\"}}").getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("evidence-v1.json"), json);
    Files.writeString(dir.resolve("evidence-v1.json.sig"), java.util.Base64.getEncoder().encodeToString(key.sign(json)) + "\n");
    Run ok = run(null, "evidence", "verify", file.toString());
    assertThat(ok.exit()).as(ok.out() + ok.err()).isEqualTo(0);
    assertThat(ok.out()).contains("VALID").contains(key.keyId());
    assertThat(run(null, "evidence", "verify", file.toString(), "--public-key", key.publicKeySpkiBase64()).exit()).isEqualTo(0);
    assertThat(run(null, "evidence", "verify", file.toString(), "--public-key", SigningKey.generate().publicKeySpkiBase64()).exit()).isEqualTo(1);
    json[json.length / 2] ^= 1;
    Files.write(file, json);
    Run bad = run(null, "evidence", "verify", file.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("INVALID");
    assertThat(run(null, "evidence", "verify", dir.resolve("nope.json").toString()).exit()).isEqualTo(2);
  }
}
