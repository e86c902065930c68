import CZlibShim

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes read in order: a file or a range of one, bytes in memory, or what another stream
/// inflates to. The readers of web archives stack them (a deflated zip entry holding a
/// `.warc.gz` is a file range under a raw inflate under a gzip inflate) and keep at most a
/// buffer's worth of each in memory.
///
/// Streams are classes because a stack shares its lower streams; none is Sendable: one reader
/// makes, reads and drops them on one thread.
protocol ByteStream: AnyObject {
    /// Appends up to `count` bytes to `buffer` and returns how many; 0 only at the end.
    func read(into buffer: inout [UInt8], count: Int) -> Int
    /// Why the stream ended before its data did (a gzip member cut short, a read error), or nil.
    var problem: String? { get }
    /// One line each about bytes passed over on the way (garbage between gzip members).
    var notices: [String] { get }
}

/// An open file descriptor, closed when the last stream over it goes.
final class OpenFile {
    let descriptor: Int32
    let size: Int

    init(descriptor: Int32, size: Int) {
        self.descriptor = descriptor
        self.size = size
    }

    deinit { close(descriptor) }
}

/// A range of an open file, read with `pread` (several ranges of one file can be read at once).
final class FileStream: ByteStream {
    private let file: OpenFile
    private(set) var offset: Int
    private let end: Int
    private(set) var problem: String?
    var notices: [String] { [] }

    init(_ file: OpenFile, from start: Int = 0, length: Int? = nil) {
        self.file = file
        self.offset = start
        self.end = length.map { start + $0 } ?? file.size
    }

    func read(into buffer: inout [UInt8], count: Int) -> Int {
        let wanted = min(count, end - offset)
        guard wanted > 0 else { return 0 }
        let old = buffer.count
        buffer += [UInt8](repeating: 0, count: wanted)
        var got = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(file.descriptor, $0.baseAddress! + old, wanted, off_t(offset)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { problem = "read error at byte \(offset) (\(String(cString: strerror(errno))))" }
            got = max(0, n)
            break
        }
        buffer.removeLast(wanted - got)
        offset += got
        return got
    }
}

/// Bytes already in memory (an upload, a test's archive, an HTTP body).
final class MemoryStream: ByteStream {
    private let bytes: [UInt8]
    private var position = 0
    var problem: String? { nil }
    var notices: [String] { [] }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: inout [UInt8], count: Int) -> Int {
        let n = min(count, bytes.count - position)
        buffer.append(contentsOf: bytes[position..<position + n])
        position += n
        return n
    }
}

/// What zlib inflates another stream to, through a bounded input buffer.
///
/// In `.gzipMembers` mode the input is a series of gzip members (a `.warc.gz` holds one per
/// record, usually) read one after the other; bytes between members that do not start one are
/// skipped to the next gzip header, with a notice naming their offset. A member cut short ends
/// the stream with a ``problem``; so does corrupt data (nothing after it is trusted).
final class InflateStream: ByteStream {
    enum Mode {
        /// One gzip member after another (window bits 31).
        case gzipMembers
        /// One zlib stream (15), or raw deflate (-15), as `Content-Encoding: deflate` may be either.
        case zlib, rawDeflate
    }

    private let source: any ByteStream
    private let mode: Mode
    private let z: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = []
    private var inputPosition = 0
    /// Compressed bytes dropped from the front of `input` so far.
    private var consumedBefore = 0
    private var sourceEnded = false
    private var atMemberStart = true
    private var finished = false
    /// Where the compressed data starts in the file, for messages.
    private let baseOffset: Int
    private(set) var problem: String?
    private(set) var notices: [String] = []
    /// Bytes inflated so far.
    private(set) var produced = 0

    static let chunk = 1 << 16

    init(_ source: any ByteStream, mode: Mode, baseOffset: Int = 0) {
        self.source = source
        self.mode = mode
        self.baseOffset = baseOffset
        z = .allocate(capacity: 1)
        z.initialize(to: z_stream())
        let bits: Int32 = mode == .gzipMembers ? 31 : mode == .zlib ? 15 : -15
        if ct_inflate_init(z, bits) != Z_OK {
            problem = "zlib could not start inflating"
            finished = true
        }
    }

    deinit {
        inflateEnd(z)
        z.deinitialize(count: 1)
        z.deallocate()
    }

    /// The offset in the file of the next compressed byte.
    private var compressedOffset: Int { baseOffset + consumedBefore + inputPosition }

    private var available: Int { input.count - inputPosition }

    /// Reads more compressed bytes, keeping the ones not yet inflated.
    private func refill() {
        guard !sourceEnded else { return }
        if inputPosition > 0 {
            input.removeFirst(inputPosition)
            consumedBefore += inputPosition
            inputPosition = 0
        }
        if source.read(into: &input, count: Self.chunk) == 0 {
            sourceEnded = true
            if let trouble = source.problem { problem = problem ?? trouble }
        }
    }

    /// At the start of a gzip member: the next bytes must be a gzip header; bytes that are not
    /// are skipped to the next one (said in a notice). False when no member is left.
    private func findMember() -> Bool {
        let garbageStart = compressedOffset
        var skipped = 0
        while true {
            if available < 3 { refill() }
            if available == 0 { break }
            if available >= 3 ? input[inputPosition] == 0x1F && input[inputPosition + 1] == 0x8B && input[inputPosition + 2] == 0x08 : false {
                break
            }
            if available < 3 && sourceEnded {
                skipped += available
                inputPosition = input.count
                break
            }
            inputPosition += 1
            skipped += 1
        }
        if skipped > 0 {
            notices.append(
                available == 0
                    ? "\(skipped) bytes at byte \(garbageStart) are not gzip data; ignored to the end of the file"
                    : "\(skipped) bytes at byte \(garbageStart) are not gzip data; skipped to the next gzip member at byte \(compressedOffset)")
        }
        return available > 0
    }

    func read(into buffer: inout [UInt8], count: Int) -> Int {
        guard !finished, count > 0 else { return 0 }
        let want = min(count, Self.chunk)
        let start = buffer.count
        buffer += [UInt8](repeating: 0, count: want)
        var made = 0
        // Each turn inflates, refills or ends; a turn that does none of them ends the stream.
        while made < want && !finished {
            if available == 0 { refill() }
            if mode == .gzipMembers && atMemberStart {
                guard findMember() else {
                    finished = true
                    break
                }
                atMemberStart = false
            }
            if available == 0 && sourceEnded {
                problem = problem ?? "the compressed data ends early (cut off at byte \(compressedOffset))"
                finished = true
                break
            }
            let (availableBefore, madeBefore) = (available, made)
            let status = input.withUnsafeMutableBufferPointer { inp in
                buffer.withUnsafeMutableBufferPointer { out in
                    z.pointee.next_in = inp.baseAddress.map { $0 + inputPosition }
                    z.pointee.avail_in = UInt32(inp.count - inputPosition)
                    z.pointee.next_out = out.baseAddress! + start + made
                    z.pointee.avail_out = UInt32(want - made)
                    let status = inflate(z, Z_NO_FLUSH)
                    inputPosition = inp.count - Int(z.pointee.avail_in)
                    made = want - Int(z.pointee.avail_out)
                    return status
                }
            }
            switch status {
            case Z_STREAM_END:
                if mode == .gzipMembers {
                    inflateReset(z)
                    atMemberStart = true
                } else {
                    finished = true
                }
            case Z_OK, Z_BUF_ERROR:
                // No progress with input left would turn forever: taken as the end of the data.
                if availableBefore == available && madeBefore == made && !(available == 0 && !sourceEnded) {
                    problem = problem ?? "the compressed data ends early (cut off at byte \(compressedOffset))"
                    finished = true
                }
            default:
                let message = z.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                problem = "corrupt compressed data near byte \(compressedOffset) (\(message)); nothing after it is read"
                finished = true
            }
        }
        buffer.removeLast(want - made)
        produced += made
        return made
    }
}

/// One-shot zlib helpers for small bodies in memory.
enum Zlib {
    /// Everything `stream` gives, up to `limit` bytes; nil when there is more than that.
    static func readAll(_ stream: any ByteStream, limit: Int) -> [UInt8]? {
        var out: [UInt8] = []
        while stream.read(into: &out, count: InflateStream.chunk) > 0 {
            if out.count > limit { return nil }
        }
        return out
    }

    /// `bytes` deflated, as one gzip member (`gzip`) or one zlib stream.
    static func deflate(_ bytes: [UInt8], gzip: Bool) -> [UInt8] {
        var z = z_stream()
        guard ct_deflate_init(&z, 6, gzip ? 31 : 15) == Z_OK else { return [] }
        defer { deflateEnd(&z) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&z, uLong(bytes.count))) + 32)
        var input = bytes
        let written = input.withUnsafeMutableBufferPointer { inp in
            out.withUnsafeMutableBufferPointer { o -> Int in
                z.next_in = inp.baseAddress
                z.avail_in = UInt32(inp.count)
                z.next_out = o.baseAddress
                z.avail_out = UInt32(o.count)
                _ = CZlibShim.deflate(&z, Z_FINISH)
                return o.count - Int(z.avail_out)
            }
        }
        return Array(out[..<written])
    }
}
