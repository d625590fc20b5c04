package org.amana.storage;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * A reviewer who may sign in to the reviewer API.
 *
 * @param loginKeySpki the public half of the reviewer's token signing key, as a DER SubjectPublicKeyInfo;
 *                     a sign-in proves possession of the private half
 * @param addedOn      the day (UTC) the operator added them
 */
public record Reviewer(ReviewerId id, String displayName, byte[] loginKeySpki, boolean active, LocalDate addedOn) {

    public Reviewer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        loginKeySpki = Bytes.nonEmpty(loginKeySpki, "loginKeySpki");
        Objects.requireNonNull(addedOn, "addedOn");
    }

    @Override
    public byte[] loginKeySpki() {
        return loginKeySpki.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reviewer r && id.equals(r.id) && displayName.equals(r.displayName)
                && Arrays.equals(loginKeySpki, r.loginKeySpki) && active == r.active && addedOn.equals(r.addedOn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, displayName, Arrays.hashCode(loginKeySpki), active, addedOn);
    }

    @Override
    public String toString() {
        return "Reviewer[" + id + ", " + displayName + (active ? ", active" : ", inactive") + ", added " + addedOn + "]";
    }
}
