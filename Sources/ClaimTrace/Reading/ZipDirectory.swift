#if canImport(Glibc)
    import Glibc
#endif

/// Why a web archive (or a part of one) cannot be read. The message names the problem; the
/// caller puts the file's name before it.
struct WebArchiveError: Error, Sendable, CustomStringConvertible {
    var description: String
}

/// A zip file's central directory, read from its end (a WACZ is a zip): stored and deflated
/// entries, zip64 sizes and offsets included. Entries are read as streams, never whole.
struct ZipDirectory {
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    /// Where the zip's bytes are.
    private enum Bytes {
        case file(OpenFile)
        case memory([UInt8])

        var count: Int {
            switch self {
            case .file(let file): return file.size
            case .memory(let bytes): return bytes.count
            }
        }

        /// Up to `count` bytes at `offset`.
        func read(at offset: Int, count: Int) -> [UInt8] {
            guard offset >= 0, offset < self.count else { return [] }
            let n = min(count, self.count - offset)
            switch self {
            case .memory(let bytes): return Array(bytes[offset..<offset + n])
            case .file(let file):
                var out: [UInt8] = []
                _ = FileStream(file, from: offset, length: n).read(into: &out, count: n)
                return out
            }
        }
    }

    private let bytes: Bytes
    private(set) var entries: [Entry] = []

    /// The most central directory read (a million entries take about 80 MB).
    static let maxDirectorySize = 64 << 20

    init(file: OpenFile) throws(WebArchiveError) { try self.init(.file(file)) }
    init(bytes: [UInt8]) throws(WebArchiveError) { try self.init(.memory(bytes)) }

    private init(_ bytes: Bytes) throws(WebArchiveError) {
        self.bytes = bytes
        // The end-of-central-directory record: 22 bytes and a comment of at most 65,535.
        let tailLength = min(bytes.count, 22 + 65_535)
        let tailStart = bytes.count - tailLength
        let tail = bytes.read(at: tailStart, count: tailLength)
        var end = -1
        var k = tail.count - 22
        while k >= 0 {
            if tail[k] == 0x50 && tail[k + 1] == 0x4B && tail[k + 2] == 0x05 && tail[k + 3] == 0x06 {
                end = k
                break
            }
            k -= 1
        }
        guard end >= 0 else { throw WebArchiveError(description: "not a zip file (no end of central directory); a WACZ is a zip") }
        var count = Int(Self.u16(tail, end + 10))
        var directorySize = Int(Self.u32(tail, end + 12))
        var directoryOffset = Int(Self.u32(tail, end + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: a locator just before the record points to the zip64 end record.
            guard end >= 20, Self.u32(tail, end - 20) == 0x0706_4B50 else {
                throw WebArchiveError(description: "a zip64 file without its zip64 locator; cannot be read")
            }
            let record = bytes.read(at: Int(clamping: Self.u64(tail, end - 12)), count: 56)
            guard record.count == 56, Self.u32(record, 0) == 0x0606_4B50 else {
                throw WebArchiveError(description: "a zip64 file whose zip64 end record is missing; cannot be read")
            }
            count = Int(clamping: Self.u64(record, 32))
            directorySize = Int(clamping: Self.u64(record, 40))
            directoryOffset = Int(clamping: Self.u64(record, 48))
        }
        guard directorySize <= Self.maxDirectorySize else {
            throw WebArchiveError(description: "its zip directory is \(DocumentReader.megabytes(directorySize)), over the \(DocumentReader.megabytes(Self.maxDirectorySize)) we read")
        }
        let directory = bytes.read(at: directoryOffset, count: directorySize)
        guard directory.count == directorySize else {
            throw WebArchiveError(description: "its zip directory lies outside the file (the file is cut short?)")
        }
        var at = 0
        // One entry per turn, each at least 46 bytes long.
        while entries.count < count, at + 46 <= directory.count {
            guard Self.u32(directory, at) == 0x0201_4B50 else {
                throw WebArchiveError(description: "its zip directory is damaged at entry \(entries.count + 1)")
            }
            let nameLength = Int(Self.u16(directory, at + 28))
            let extraLength = Int(Self.u16(directory, at + 30))
            let commentLength = Int(Self.u16(directory, at + 32))
            guard at + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw WebArchiveError(description: "its zip directory is damaged at entry \(entries.count + 1)")
            }
            var entry = Entry(
                name: String(decoding: directory[at + 46..<at + 46 + nameLength], as: UTF8.self),
                method: Self.u16(directory, at + 10), flags: Self.u16(directory, at + 8),
                compressedSize: Int(Self.u32(directory, at + 20)), size: Int(Self.u32(directory, at + 24)),
                localHeaderOffset: Int(Self.u32(directory, at + 42)))
            // Zip64 extra field: the 64-bit values of those that are 0xFFFFFFFF, in this order.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = Self.u16(directory, extra)
                let size = Int(Self.u16(directory, extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    for path in [\Entry.size, \Entry.compressedSize, \Entry.localHeaderOffset] where entry[keyPath: path] == 0xFFFF_FFFF {
                        guard field + 8 <= min(extraEnd, extra + 4 + size) else { break }
                        entry[keyPath: path] = Int(clamping: Self.u64(directory, field))
                        field += 8
                    }
                }
                extra += 4 + size
            }
            entries.append(entry)
            at += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The entry's data, inflated when it is deflated.
    func stream(for entry: Entry) throws(WebArchiveError) -> any ByteStream {
        if entry.flags & 1 != 0 { throw WebArchiveError(description: "the zip entry is encrypted; cannot be read") }
        let header = bytes.read(at: entry.localHeaderOffset, count: 30)
        guard header.count == 30, Self.u32(header, 0) == 0x0403_4B50 else {
            throw WebArchiveError(description: "the zip entry's local header is missing at byte \(entry.localHeaderOffset)")
        }
        let start = entry.localHeaderOffset + 30 + Int(Self.u16(header, 26)) + Int(Self.u16(header, 28))
        let raw: any ByteStream
        switch bytes {
        case .file(let file): raw = FileStream(file, from: start, length: max(0, min(entry.compressedSize, file.size - start)))
        case .memory(let all): raw = MemoryStream(Array(all[min(start, all.count)..<min(all.count, start + entry.compressedSize)]))
        }
        switch entry.method {
        case 0: return raw
        case 8: return InflateStream(raw, mode: .rawDeflate, baseOffset: start)
        default: throw WebArchiveError(description: "the zip entry uses compression method \(entry.method); only stored and deflated entries are read")
        }
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
}
