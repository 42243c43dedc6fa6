package io.timonel.plugins.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class ImagesTest {

    @Test
    void aReferenceWithoutTagPullsLatestRatherThanEveryTag() {
        assertArrayEquals(new String[] {"busybox", "latest"}, Images.splitReference("busybox"));
        assertArrayEquals(new String[] {"localhost:5000/team/app", "latest"}, Images.splitReference("localhost:5000/team/app"));
    }

    @Test
    void tagsAndDigestsAreKept() {
        assertArrayEquals(new String[] {"busybox", "local"}, Images.splitReference("busybox:local"));
        assertArrayEquals(new String[] {"localhost:5000/app", "1.2"}, Images.splitReference("localhost:5000/app:1.2"));
        assertArrayEquals(new String[] {"docker.io/library/busybox", "sha256:abc"}, Images.splitReference("docker.io/library/busybox@sha256:abc"));
    }
}
