package org.amana.crypto.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amana.crypto.TokenException;
import org.amana.crypto.TokenException.Reason;

/**
 * Reads slot and token information straight from a PKCS#11 module through the FFM API.
 *
 * <p>Why this exists: SunPKCS11 selects a token only by slot id or slot-list index and exposes no
 * token label, and SoftHSM2 gives every token a new, random-looking slot id. Reading the labels
 * ourselves (C_GetSlotList, C_GetTokenInfo) avoids {@code --add-exports} into the JDK's internal
 * wrapper. Only read-only, session-less calls are made, so this cannot disturb SunPKCS11, which
 * shares the same loaded library (dlopen returns the same handle) and the same C_Initialize.
 *
 * <p>Needs {@code --enable-native-access=ALL-UNNAMED} (otherwise the JDK prints a warning).
 */
@SuppressWarnings("restricted") // the point of this class; see the class comment
final class ModuleProbe {
  static final long CKF_USER_PIN_INITIALIZED = 0x8L;
  static final long CKF_USER_PIN_COUNT_LOW = 0x10000L;
  static final long CKF_USER_PIN_FINAL_TRY = 0x20000L;
  static final long CKF_USER_PIN_LOCKED = 0x40000L;

  private static final long CKR_OK = 0;
  private static final long CKR_CANT_LOCK = 0x0A;
  private static final long CKR_BUFFER_TOO_SMALL = 0x150;
  private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
  private static final long CKF_OS_LOCKING_OK = 0x2;

  private static final Linker LINKER = Linker.nativeLinker();
  /** CK_ULONG is a C "unsigned long": 8 bytes on Linux and macOS, 4 on Windows. */
  private static final ValueLayout CK_ULONG = (ValueLayout) LINKER.canonicalLayouts().get("long");
  /** Cryptoki headers pack structures to 1 byte on Windows, and use natural alignment elsewhere. */
  private static final boolean PACKED = System.getProperty("os.name", "").startsWith("Windows");
  /** One probe per module path: the library stays loaded for the life of the process anyway. */
  private static final Map<String, ModuleProbe> LOADED = new ConcurrentHashMap<>();

  /** A slot holding a token: its id, its index in C_GetSlotList(FALSE), label and flags. */
  record Slot(long id, int listIndex, String label, long flags) {}

  private final MethodHandle getSlotList;
  private final MethodHandle getTokenInfo;

  private ModuleProbe(MethodHandle getSlotList, MethodHandle getTokenInfo) {
    this.getSlotList = getSlotList;
    this.getTokenInfo = getTokenInfo;
  }

  /** Loads (once per process) and initialises the module at {@code module}, an absolute path. */
  static ModuleProbe load(Path module) throws TokenException {
    ModuleProbe probe = LOADED.get(module.toString());
    if (probe == null) {
      probe = open(module); // a racing second open gets the same dlopen handle: harmless
      LOADED.putIfAbsent(module.toString(), probe);
    }
    return probe;
  }

  private static ModuleProbe open(Path module) throws TokenException {
    SymbolLookup lib;
    try {
      lib = SymbolLookup.libraryLookup(module, Arena.global()); // never unloaded, like SunPKCS11's
    } catch (IllegalArgumentException | IllegalCallerException e) {
      throw new TokenException(Reason.NO_MODULE, "could not load the PKCS#11 module " + module
          + " (" + e.getMessage() + "): check that the path is right and that the library matches"
          + " this machine's architecture", e);
    }
    MemorySegment entry = lib.find("C_GetFunctionList").orElseThrow(() -> new TokenException(
        Reason.NO_MODULE, module + " is not a PKCS#11 module (it has no C_GetFunctionList)"));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ADDRESS);
      check(call(downcall(entry, ADDRESS), out), "C_GetFunctionList", module);
      long pointer = ADDRESS.byteSize();
      MemorySegment list = out.get(ADDRESS, 0).reinterpret(8 * pointer); // CK_FUNCTION_LIST head
      long first = PACKED ? 2 : pointer; // after CK_VERSION (2 bytes)
      AddressLayout slotPointer = ADDRESS.withByteAlignment(1);
      MemorySegment initialize = list.get(slotPointer, first); // function 0: C_Initialize
      MemorySegment slotList = list.get(slotPointer, first + 4 * pointer); // 4: C_GetSlotList
      MemorySegment tokenInfo = list.get(slotPointer, first + 6 * pointer); // 6: C_GetTokenInfo

      // Ask for OS locking, as SunPKCS11 does: whoever initialises first sets the threading model.
      MemorySegment args = arena.allocate(64); // CK_C_INITIALIZE_ARGS: 4 pointers, flags, pointer
      putUlong(args, 4 * pointer, CKF_OS_LOCKING_OK);
      MethodHandle init = downcall(initialize, ADDRESS);
      long rv = call(init, args);
      if (rv == CKR_CANT_LOCK) {
        rv = call(init, MemorySegment.NULL);
      }
      if (rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        check(rv, "C_Initialize", module);
      }
      return new ModuleProbe(downcall(slotList, JAVA_BYTE, ADDRESS, ADDRESS),
          downcall(tokenInfo, CK_ULONG, ADDRESS));
    }
  }

  /** Every slot that holds a token, in slot-list order. */
  List<Slot> tokens() throws TokenException {
    List<Slot> found = new ArrayList<>();
    long[] ids = slotIds();
    for (int i = 0; i < ids.length; i++) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment info = arena.allocate(512); // CK_TOKEN_INFO is about 210 bytes
        if (call(getTokenInfo, ulongArg(ids[i]), info) != CKR_OK) {
          continue; // no token in this slot (CKR_TOKEN_NOT_PRESENT) or unreadable: not ours
        }
        found.add(new Slot(ids[i], i, blankPadded(info), getUlong(info, 96)));
      }
    }
    return found;
  }

  /** All slot ids, including empty slots, as SunPKCS11 numbers them for slotListIndex. */
  private long[] slotIds() throws TokenException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment count = arena.allocate(CK_ULONG);
      while (true) {
        check(call(getSlotList, (byte) 0, MemorySegment.NULL, count), "C_GetSlotList", null);
        long n = getUlong(count, 0);
        MemorySegment ids = arena.allocate(CK_ULONG, Math.max(n, 1));
        long rv = call(getSlotList, (byte) 0, ids, count);
        if (rv == CKR_BUFFER_TOO_SMALL) {
          continue; // a reader was plugged in between the two calls
        }
        check(rv, "C_GetSlotList", null);
        long[] result = new long[(int) getUlong(count, 0)];
        for (int i = 0; i < result.length; i++) {
          result[i] = getUlong(ids, i * CK_ULONG.byteSize());
        }
        return result;
      }
    }
  }

  /** label: CK_UTF8CHAR[32] at offset 0, padded with blanks (some modules pad with NULs). */
  private static String blankPadded(MemorySegment info) {
    byte[] raw = info.asSlice(0, 32).toArray(JAVA_BYTE);
    int end = raw.length;
    while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == 0)) {
      end--;
    }
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }

  private static MethodHandle downcall(MemorySegment function, ValueLayout... args) {
    return LINKER.downcallHandle(function, FunctionDescriptor.of(CK_ULONG, args));
  }

  /** Calls with CK_ULONG arguments boxed to the platform's carrier (long or int). */
  private static long call(MethodHandle function, Object... args) throws TokenException {
    try {
      Object rv = function.invokeWithArguments(args);
      return rv instanceof Integer i ? Integer.toUnsignedLong(i) : (Long) rv;
    } catch (Throwable e) {
      throw new TokenException(Reason.FAILED, "calling the PKCS#11 module failed: " + e, e);
    }
  }

  private static Object ulongArg(long value) {
    return CK_ULONG.carrier() == int.class ? (Object) (int) value : (Object) value;
  }

  private static long getUlong(MemorySegment segment, long offset) {
    return CK_ULONG.byteSize() == 4
        ? Integer.toUnsignedLong(segment.get(JAVA_INT_UNALIGNED, offset))
        : segment.get(JAVA_LONG_UNALIGNED, offset);
  }

  private static void putUlong(MemorySegment segment, long offset, long value) {
    if (CK_ULONG.byteSize() == 4) {
      segment.set(JAVA_INT_UNALIGNED, offset, (int) value);
    } else {
      segment.set(JAVA_LONG_UNALIGNED, offset, value);
    }
  }

  private static void check(long rv, String function, Path module) throws TokenException {
    if (rv != CKR_OK) {
      String what = function + " returned 0x" + Long.toHexString(rv);
      throw module == null
          ? new TokenException(Reason.FAILED, "the PKCS#11 module failed: " + what)
          : new TokenException(Reason.NO_MODULE, "the PKCS#11 module " + module
              + " could not be initialised (" + what + "); check its configuration");
    }
  }
}
