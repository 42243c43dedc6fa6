package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApiBenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsTheWorkloadOptions() {
        int code = run("--help");

        assertEquals(0, code);
        for (String option : new String[] {"--clients", "--duration-seconds", "--ops", "--objects", "--watchers",
                "--skip-etcd", "--skip-large-list", "--server", "--kubeconfig"}) {
            assertTrue(out.toString().contains(option), option + " missing from:\n" + out);
        }
    }

    @Test
    void serverWithoutKubeconfigIsAUsageError() {
        int code = run("--server", "https://127.0.0.1:6443");

        assertEquals(2, code);
        assertTrue(err.toString().contains("--server needs --kubeconfig"), err.toString());
    }

    @Test
    void nonPositiveCountsAreUsageErrors() {
        assertEquals(2, run("--clients", "0"));
        assertTrue(err.toString().contains("must be positive"), err.toString());
    }

    @Test
    void aServerOffThisMachineIsRefusedBeforeAnyRequest(@TempDir Path dir) throws Exception {
        TestPki pki = new TestPki("EC");
        Path kubeconfig = dir.resolve("admin.kubeconfig");
        Files.writeString(kubeconfig, """
                clusters: [{name: c, cluster: {server: "https://10.1.2.3:6443", certificate-authority-data: %s}}]
                users: [{name: u, user: {client-certificate-data: %s, client-key-data: %s}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(b64(TestPki.pem(pki.ca)), b64(TestPki.pem(pki.clientCertificate)),
                b64(TestPki.pkcs8(pki.clientKeys))));

        int code = run("--kubeconfig", kubeconfig.toString(), "--work-dir", dir.resolve("work").toString());

        assertEquals(1, code);
        assertTrue(err.toString().contains("only loads servers on this machine"), err.toString());
        try (var left = Files.list(dir.resolve("work"))) {
            assertEquals(0, left.count(), "temporary folder left behind");
        }
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new ApiBenchCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
