package io.timonel.spi.admission;

/** The operation under admission, as in AdmissionReview. */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT
}
