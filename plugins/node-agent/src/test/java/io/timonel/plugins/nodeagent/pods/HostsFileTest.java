package io.timonel.plugins.nodeagent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {
    @TempDir
    Path dir;

    @Test
    void podWithASubdomainGetsItsFqdnAndAliasesFollow() {
        var pod = new PodBuilder().withNewMetadata().withName("db-0").withNamespace("shop").endMetadata()
                .withNewSpec().withHostname("db-0").withSubdomain("db-hl").addNewHostAlias().withIp("10.1.1.1")
                .withHostnames("foo", "bar").endHostAlias().endSpec().build();
        String content = HostsFile.content(pod, "10.0.0.7", "cluster.local");
        assertTrue(content.startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"), content);
        assertTrue(content.contains("10.0.0.7\tdb-0.db-hl.shop.svc.cluster.local\tdb-0\n"), content);
        assertTrue(content.endsWith("# Entries added by HostAliases.\n10.1.1.1\tfoo\tbar\n"), content);
    }

    @Test
    void writingTheSameContentAgainLeavesTheFileAlone() throws Exception {
        Path file = HostsFile.write(dir, "a\n");
        var modified = Files.getLastModifiedTime(file);
        HostsFile.write(dir, "a\n");
        assertEquals(modified, Files.getLastModifiedTime(file));
        HostsFile.write(dir, "b\n");
        assertEquals("b\n", Files.readString(file));
    }
}
