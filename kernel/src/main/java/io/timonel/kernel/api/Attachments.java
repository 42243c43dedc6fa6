package io.timonel.kernel.api;

import io.timonel.spi.auth.UserInfo;
import io.undertow.util.AttachmentKey;

/** What the handler chain learns about a request and passes down. */
public final class Attachments {
    /** Set by authentication. */
    public static final AttachmentKey<UserInfo> USER = AttachmentKey.create(UserInfo.class);
    /** Set when the request path is parsed, before authorization. */
    public static final AttachmentKey<RequestInfo> REQUEST_INFO = AttachmentKey.create(RequestInfo.class);

    private Attachments() {
    }
}
