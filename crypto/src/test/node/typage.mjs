// Drives typage (npm age-encryption, pinned in package-lock.json) for Amana's interoperability
// tests. Input on stdin, output on stdout, binary. Usage:
//   node typage.mjs encrypt RECIPIENT...          seal with typage (age1…, age1pq1…, age1tag1…, age1tagpq1…)
//   node typage.mjs decrypt IDENTITY              open with typage (AGE-SECRET-KEY-1…, AGE-SECRET-KEY-PQ-1…)
//   node typage.mjs decrypt-tag P256_SCALAR_HEX   open p256tag with a software P-256 key
//   node typage.mjs decrypt-tagpq MLKEM_SEED_HEX P256_SCALAR_HEX   open mlkem768p256tag
//   node typage.mjs encrypt-piv AGE1YUBIKEY1…     seal a piv-p256 stanza (age-plugin-yubikey's format)
// The custom identities and the piv-p256 recipient are written here from the specifications with
// noble's primitives (which typage itself uses), independently of Amana's Java code.
import { Encrypter, Decrypter, Stanza } from "age-encryption";
import { bech32, base64nopad } from "@scure/base";
import { p256 } from "@noble/curves/nist.js";
import { ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { hkdf, extract, expand } from "@noble/hashes/hkdf.js";
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hexToBytes, concatBytes } from "@noble/hashes/utils.js";

const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

const enc = (s) => new TextEncoder().encode(s);
const u16 = (n) => new Uint8Array([n >> 8, n & 0xff]);

function labeledExtract(suite, salt, label, ikm) {
  return extract(sha256, concatBytes(enc("HPKE-v1"), suite, enc(label), ikm), salt);
}
function labeledExpand(suite, prk, label, info, len) {
  return expand(sha256, prk, concatBytes(u16(len), enc("HPKE-v1"), suite, enc(label), info), len);
}
function keySchedule(kemId, sharedSecret, info) {
  const suite = concatBytes(enc("HPKE"), u16(kemId), u16(1), u16(3));
  const ctx = concatBytes(new Uint8Array([0]), labeledExtract(suite, undefined, "psk_id_hash", new Uint8Array(0)),
    labeledExtract(suite, undefined, "info_hash", info));
  const secret = labeledExtract(suite, sharedSecret, "secret", new Uint8Array(0));
  return { key: labeledExpand(suite, secret, "key", ctx, 32), nonce: labeledExpand(suite, secret, "base_nonce", ctx, 12) };
}
function tagOf(label, encapsulated, pointForHash) {
  return extract(sha256, concatBytes(encapsulated, sha256(pointForHash).subarray(0, 4)), enc(label)).subarray(0, 4);
}
function open(kemId, ss, label, body) {
  const { key, nonce } = keySchedule(kemId, ss, enc(label));
  try { return chacha20poly1305(key, nonce).decrypt(body); } catch { return null; }
}

class SoftwareTagIdentity {
  constructor(scalar) { this.sk = scalar; this.pk = p256.getPublicKey(scalar, true); }
  unwrapFileKey(stanzas) {
    const label = "age-encryption.org/p256tag";
    for (const s of stanzas) {
      if (s.args[0] !== "p256tag" || s.args.length !== 3) continue;
      const e = base64nopad.decode(s.args[2]);
      if (!equalBytes(base64nopad.decode(s.args[1]), tagOf(label, e, this.pk))) continue;
      const dh = p256.getSharedSecret(this.sk, e, true).subarray(1);
      const pkRm = p256.getPublicKey(this.sk, false);
      const kemSuite = concatBytes(enc("KEM"), u16(0x0010));
      const prk = labeledExtract(kemSuite, undefined, "eae_prk", dh);
      const ss = labeledExpand(kemSuite, prk, "shared_secret", concatBytes(e, pkRm), 32);
      const key = open(0x0010, ss, label, s.body);
      if (key) return key;
    }
    return null;
  }
}

class SoftwareTagPqIdentity {
  constructor(mlkemSeed, scalar) {
    this.kem = ml_kem768.keygen(mlkemSeed);
    this.sk = scalar;
    this.pkT = p256.getPublicKey(scalar, false);
  }
  unwrapFileKey(stanzas) {
    const label = "age-encryption.org/mlkem768p256tag";
    for (const s of stanzas) {
      if (s.args[0] !== "mlkem768p256tag" || s.args.length !== 3) continue;
      const e = base64nopad.decode(s.args[2]);
      if (!equalBytes(base64nopad.decode(s.args[1]), tagOf(label, e, this.pkT))) continue;
      const ctPq = e.subarray(0, 1088), ctT = e.subarray(1088);
      const ssPq = ml_kem768.decapsulate(ctPq, this.kem.secretKey);
      const ssT = p256.getSharedSecret(this.sk, ctT, true).subarray(1);
      const ss = sha3_256(concatBytes(ssPq, ssT, ctT, this.pkT, enc("MLKEM768-P256")));
      const key = open(0x0050, ss, label, s.body);
      if (key) return key;
    }
    return null;
  }
}

class PivRecipient {
  constructor(s) {
    const d = bech32.decodeToBytes(s);
    if (d.prefix !== "age1yubikey" || d.bytes.length !== 33) throw Error("not an age1yubikey1 recipient");
    this.r = d.bytes;
  }
  wrapFileKey(fileKey) {
    const esk = p256.utils.randomSecretKey();
    const epk = p256.getPublicKey(esk, true);
    const z = p256.getSharedSecret(esk, this.r, true).subarray(1);
    const key = hkdf(sha256, z, concatBytes(epk, this.r), enc("piv-p256"), 32);
    const body = chacha20poly1305(key, new Uint8Array(12)).encrypt(fileKey);
    const tag = sha256(this.r).subarray(0, 4);
    return [new Stanza(["piv-p256", base64nopad.encode(tag), base64nopad.encode(epk)], body)];
  }
}

async function stdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}

const [cmd, ...args] = process.argv.slice(2);
const input = await stdin();
let out;
if (cmd === "encrypt" || cmd === "encrypt-piv") {
  const e = new Encrypter();
  for (const r of args) e.addRecipient(cmd === "encrypt-piv" ? new PivRecipient(r) : r);
  out = await e.encrypt(input);
} else {
  const d = new Decrypter();
  if (cmd === "decrypt") d.addIdentity(args[0]);
  else if (cmd === "decrypt-tag") d.addIdentity(new SoftwareTagIdentity(hexToBytes(args[0])));
  else if (cmd === "decrypt-tagpq") d.addIdentity(new SoftwareTagPqIdentity(hexToBytes(args[0]), hexToBytes(args[1])));
  else { console.error("unknown command " + cmd); process.exit(2); }
  out = await d.decrypt(input);
}
process.stdout.write(out);
