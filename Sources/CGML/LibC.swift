// CGML/LibC.swift — the stdio functions CGML calls, declared here so the same code builds normally and as Embedded Swift.

// Embedded Swift cannot import Glibc, and a microcontroller has no libc
// headers at all; `@_extern(c)` (experimental feature `Extern`) declares
// the C symbols directly. Every target gml supports links a libc
// (glibc, newlib, picolibc) that provides them. `size_t` and `long` are
// Swift `Int` (both are pointer-sized on gml's targets). Memory comes
// from Swift's allocator, not `malloc`: `free` is reserved for the Swift
// runtime and cannot be declared this way.

/// `FILE *fopen(const char *path, const char *mode)`.
@_extern(c, "fopen")
func libcOpen(_ path: UnsafePointer<CChar>, _ mode: UnsafePointer<CChar>) -> OpaquePointer?

/// `int fclose(FILE *file)`.
@_extern(c, "fclose")
func libcClose(_ file: OpaquePointer) -> Int32

/// `int fseek(FILE *file, long offset, int whence)`.
@_extern(c, "fseek")
func libcSeek(_ file: OpaquePointer, _ offset: Int, _ whence: Int32) -> Int32

/// `long ftell(FILE *file)`.
@_extern(c, "ftell")
func libcTell(_ file: OpaquePointer) -> Int

/// `size_t fread(void *buffer, size_t size, size_t count, FILE *file)`.
@_extern(c, "fread")
func libcRead(_ buffer: UnsafeMutableRawPointer, _ size: Int, _ count: Int, _ file: OpaquePointer)
  -> Int

/// `whence` for `fseek`: from the start (0) and from the end (2), the
/// values of C's `SEEK_SET` and `SEEK_END` everywhere.
let libcSeekSet: Int32 = 0
let libcSeekEnd: Int32 = 2
