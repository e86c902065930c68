import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Append-only storage for records the corpus stages need only at the end (a claim's text and
/// speaker, a figure's sentence): they go to an unlinked temporary file, so memory keeps an
/// offset per record instead of its strings, and the file disappears with the process even
/// when it is killed.
///
/// Writes are buffered (1 MB). When no temporary file can be made, or a write fails (a full
/// disk), the records stay in memory instead: a run never loses a record, it only uses more
/// memory; ``spilling`` says which.
final class SpillFile: @unchecked Sendable {
    private var fd: Int32 = -1
    /// False once a write has failed: what reached the file stays readable there, and later
    /// records stay in memory.
    private var writable = false
    /// Bytes not yet written to the file; the whole store when not spilling.
    private var buffer: [UInt8] = []
    /// File offset of `buffer[0]`.
    private var bufferStart = 0
    private let lock = NSLock()
    static let flushSize = 1 << 20

    /// Where the records live now: in a file, or (no file could be made or written) in memory.
    var spilling: Bool { lock.withLock { writable } }

    /// A spill in a temporary file under `directory` (default: `TMPDIR` or /tmp), or in memory
    /// when `inMemory` is set or the file cannot be made.
    init(inMemory: Bool = false, directory: String? = nil) {
        guard !inMemory, let made = Self.unlinkedTemporaryFile("claimtrace-spill", in: directory) else { return }
        fd = made
        writable = true
    }

    /// A new temporary file under `directory` (default: `TMPDIR` or /tmp), already unlinked so
    /// that it disappears with the process: its descriptor, or nil when it cannot be made.
    static func unlinkedTemporaryFile(_ prefix: String, in directory: String?) -> Int32? {
        let base = directory ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast()) + Array("\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard made >= 0 else {
            TemporaryStorage.report("cannot create a temporary file in \(base) (\(String(cString: strerror(errno))))")
            return nil
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return made
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Total bytes appended.
    var size: Int { lock.withLock { bufferStart + buffer.count } }

    /// Appends a record and returns its offset.
    func append(_ bytes: [UInt8]) -> Int {
        lock.withLock {
            let offset = bufferStart + buffer.count
            buffer += bytes
            if writable && buffer.count >= Self.flushSize { flushLocked() }
            return offset
        }
    }

    /// Writes the buffer out; on a failed write, keeps the buffer (and every later record) in
    /// memory instead.
    private func flushLocked() {
        guard writable, !buffer.isEmpty else { return }
        var written = 0
        let ok = buffer.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = pwrite(fd, raw.baseAddress! + written, raw.count - written, off_t(bufferStart + written))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                written += n
            }
            return true
        }
        if ok {
            bufferStart += buffer.count
            buffer.removeAll(keepingCapacity: true)
        } else {
            // A partial write may have left bytes past `bufferStart` in the file; they are
            // ignored, since `buffer` still holds them and keeps starting at `bufferStart`.
            TemporaryStorage.reportFailedWrite()
            writable = false
        }
    }

    /// The `count` bytes at `offset` (from the file, the buffer, or both).
    func read(_ offset: Int, _ count: Int) -> [UInt8] {
        lock.withLock {
            if offset >= bufferStart {
                let start = offset - bufferStart
                return Array(buffer[start..<start + count])
            }
            let fromFile = min(count, bufferStart - offset)
            var out = [UInt8](repeating: 0, count: fromFile)
            var done = 0
            out.withUnsafeMutableBytes { raw in
                while done < fromFile {
                    let n = pread(fd, raw.baseAddress! + done, fromFile - done, off_t(offset + done))
                    if n < 0 && errno == EINTR { continue }
                    precondition(n > 0, "claimtrace: reading the temporary spill file failed (errno \(errno))")
                    done += n
                }
            }
            if fromFile < count { out += buffer[0..<(count - fromFile)] }
            return out
        }
    }
}

/// What went wrong with temporary files, for a command to tell its user: when a table cannot
/// make or write its file it keeps its data in memory and the run goes on, which a large corpus
/// may not fit. Each distinct reason is kept once (at most eight).
public enum TemporaryStorage {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var reasons: [String] = []

    /// The reasons so far, in order ("cannot create a temporary file in /tmp (No space left on
    /// device)"); empty when every table that wanted a file has one.
    public static var problems: [String] { lock.withLock { reasons } }

    static func report(_ reason: String) {
        lock.withLock {
            if reasons.count < 8 && !reasons.contains(reason) { reasons.append(reason) }
        }
    }

    /// Reports the failed write that `errno` describes.
    static func reportFailedWrite() { report("writing a temporary file failed (\(String(cString: strerror(errno))))") }
}

/// Records numbered in the order they are appended, in a ``SpillFile`` of their own: a record
/// ends where the next begins, and the offsets are paged out too.
struct SpilledRecords: Sendable {
    private let file: SpillFile
    /// Where each record starts, paged out too: memory stays the same however many records.
    private let starts: PagedArray<Int>

    /// In a temporary file, or in memory when `inMemory` is set (see ``SpillFile``).
    init(inMemory: Bool) {
        file = SpillFile(inMemory: inMemory)
        starts = PagedArray(inMemory: inMemory, cachedPages: 8)
    }

    var count: Int { starts.count }

    func append(_ record: ByteWriter) { starts.append(file.append(record.bytes)) }

    /// A reader over record `i`.
    func reader(_ i: Int) -> ByteReader {
        let end = i + 1 < starts.count ? starts[i + 1] : file.size
        return ByteReader(file.read(starts[i], end - starts[i]))
    }
}

/// A compact binary form for spilled records: unsigned LEB128 integers and length-prefixed
/// UTF-8 strings.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        var v = UInt64(bitPattern: Int64(value))
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func string(_ s: String) {
        int(s.utf8.count)
        bytes += s.utf8
    }

    mutating func optional(_ s: String?) {
        if let s {
            bytes.append(1)
            string(s)
        } else {
            bytes.append(0)
        }
    }
}

/// Reads what ``ByteWriter`` wrote, in the same order.
struct ByteReader {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func int() -> Int {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while at < bytes.count, shift < 64 {
            let b = bytes[at]
            at += 1
            v |= UInt64(b & 0x7f) << shift
            if b < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: v))
    }

    mutating func string() -> String {
        let n = max(0, min(int(), bytes.count - at))
        defer { at += n }
        return String(decoding: bytes[at..<at + n], as: UTF8.self)
    }

    mutating func optional() -> String? {
        guard at < bytes.count else { return nil }
        at += 1
        return bytes[at - 1] == 1 ? string() : nil
    }
}

/// Each distinct value once, numbered in order of first appearance, so that a table keeps a
/// 4-byte number per occurrence instead of a copy of the value.
struct Interner<Value: Hashable & Sendable>: Sendable {
    private(set) var values: [Value] = []
    private var numbers: [Value: Int32] = [:]

    /// The value's number, assigning the next one to a new value.
    mutating func number(_ value: Value) -> Int32 {
        if let known = numbers[value] { return known }
        let n = Int32(values.count)
        numbers[value] = n
        values.append(value)
        return n
    }

    func number(ifKnown value: Value) -> Int32? { numbers[value] }

    subscript(_ n: Int32) -> Value { values[Int(n)] }
}
