package io.lezflow.ops;

import io.lezflow.portal.evidence.PackageVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lezflow evidence verify FILE}: checks a signed evidence package from the portal. */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Evidence packages.", subcommands = EvidenceCommand.Verify.class)
public final class EvidenceCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.err);
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verifies an evidence package (JSON) against its detached Ed25519 signature (default FILE.sig).",
        "Exit 0 when valid, 1 when any byte of either file was changed or another key signed it."
      })
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", description = "The package, e.g. evidence-<id>.json.")
    Path file;

    @Option(names = "--signature", description = "The signature file. Default: FILE.sig.")
    Path signature;

    @Option(names = "--public-key", description = {"The portal's public key (base64 SubjectPublicKeyInfo, as GET /api/v1/signing-key gives it), to pin the signer.",
        "Default: the key named in the package; compare the printed key id with the portal's."})
    String publicKey;

    @Override
    public Integer call() throws Exception {
      Path sig = signature != null ? signature : file.resolveSibling(file.getFileName() + ".sig");
      if (!Files.isRegularFile(file)) throw new BadSetting("no package file " + file);
      if (!Files.isRegularFile(sig)) throw new BadSetting("no signature file " + sig + " (download evidence-package.sig next to the package, or pass --signature)");
      byte[] pinned = null;
      if (publicKey != null) {
        try {
          pinned = Base64.getDecoder().decode(publicKey.strip());
        } catch (IllegalArgumentException e) {
          throw new BadSetting("--public-key is not base64");
        }
      }
      PackageVerifier.Result r = PackageVerifier.verify(Files.readAllBytes(file), Files.readString(sig, StandardCharsets.US_ASCII), pinned);
      if (r.valid()) {
        System.out.println("VALID: evidence package of violation " + r.violationId() + " signed by key " + r.keyId());
        return 0;
      }
      System.out.println("INVALID: " + r.reason());
      return 1;
    }
  }
}
