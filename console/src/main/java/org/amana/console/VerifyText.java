package org.amana.console;

/** The VERIFY.md of an evidence bundle: how a receiving body checks it with standard tools. */
final class VerifyText {
  private VerifyText() {}

  static String text(String id, String signerFingerprint) {
    return """
        # How to check this evidence bundle

        This folder is an evidence bundle of Amana submission %1$s: a BagIt 1.0 bag (RFC 8493),
        written by the Amana console of the reviewer who exported it. Nothing here needs a network,
        an account or Amana's software; every step below uses standard tools. Run them in this
        folder (the one holding `bagit.txt`). Each must say OK; any failure means the bundle was
        changed after it was written, or was not written by whom it claims.

        ## 1. Every file is as written (sha256sum, sha512sum)

            sha256sum -c manifest-sha256.txt
            sha512sum -c manifest-sha512.txt
            sha256sum -c tagmanifest-sha256.txt

        The manifests list every file under `data/`; the tag manifest covers `bagit.txt`,
        `bag-info.txt`, both manifests, `signer-key.pem` and this file. A file added later is not
        found by these commands: compare `find data -type f | sort` with the manifest's names.

        ## 2. The reviewer signed it (openssl)

            openssl dgst -sha256 -verify signer-key.pem -signature tagmanifest-sha256.txt.sig tagmanifest-sha256.txt

        prints `Verified OK`. The key is the reviewer's hardware token key (ECDSA P-256). Its
        SHA-256 fingerprint is

            %2$s

        (`openssl pkey -pubin -in signer-key.pem -outform DER | sha256sum`). Compare it with the
        key the organisation lists for its reviewers: the signature proves only that the holder of
        this key wrote the bundle.

        ## 3. The gateway's log holds this submission (openssl, python3)

        `data/proof/` holds the submission's leaf in the gateway's append-only log (`leaf.bin`, the
        bytes of docs/integrity-log.md in Amana's source), its inclusion proof (`inclusion.json`,
        RFC 9162), the checkpoint the proof leads to (`checkpoint.txt`, a C2SP signed note; its
        signed text and signature also as `checkpoint-body.txt` and `checkpoint.sig`), and the
        log's public key (`log-key.txt`, and as `log-key.pem`). Compare `log-key.txt` with the key
        the organisation publishes for its log. Then the checkpoint's signature (Ed25519):

            openssl pkeyutl -verify -pubin -inkey data/proof/log-key.pem -rawin -in data/proof/checkpoint-body.txt -sigfile data/proof/checkpoint.sig

        prints `Signature Verified Successfully`. And the inclusion proof (save as
        `check_inclusion.py`, run `python3 check_inclusion.py` here):

        ```python
        import base64, hashlib, json, sys
        def h(b): return hashlib.sha256(b).digest()
        leaf = open("data/proof/leaf.bin", "rb").read()
        inc = json.load(open("data/proof/inclusion.json"))
        body = open("data/proof/checkpoint-body.txt").read().split("\\n")
        size, root = int(body[1]), base64.b64decode(body[2])
        fn, sn, r = inc["index"], size - 1, h(bytes([0]) + leaf)  # RFC 9162, 2.1.3.2
        ok = inc["size"] == size and fn < size
        for p in map(base64.b64decode, inc["proof"]):
            if sn == 0: ok = False; break
            if (fn & 1) == 1 or fn == sn:
                r = h(bytes([1]) + p + r)
                while (fn & 1) == 0 and fn != 0: fn, sn = fn >> 1, sn >> 1
            else:
                r = h(bytes([1]) + r + p)
            fn, sn = fn >> 1, sn >> 1
        ok = ok and sn == 0 and r == root
        print("inclusion proof", "OK" if ok else "FAILS")
        sys.exit(0 if ok else 1)
        ```

        ## 4. Or all of it at once

            amana-console verify-bundle .

        also checks what the tools above cannot: that the leaf commits to the files here (their
        SHA-256 in `data/manifest-facts.json`, recomputed into the salted plaintext commitment
        with the salt and report hash kept there), to the received day and to the submission's id,
        and that no file was added. It needs no token and no network.

        ## What this proves, and what it does not

        It proves that these files are the ones the gateway stored for this submission on the
        received day (after its metadata removal, whose outcome `manifest-facts.json` records per
        file), that the gateway's log committed to them in a checkpoint signed with the log's key,
        and that the reviewer holding the signing key above assembled this bundle. It does not
        prove who the defender is, that the contents are true, or anything before the files
        reached the gateway. `custody.json` lists the custody events the log held when the
        reviewer last pulled the submission; `consent.json` is the defender's consent as given.
        """.formatted(id, signerFingerprint);
  }
}
