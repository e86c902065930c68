import CZlibShim

/// Writes web archives: WARC records (each optionally its own gzip member), HTTP responses
/// (chunked, gzip-encoded) and zips (for WACZ). The sample archive of `claimtrace bench warc`
/// and the tests' archives are written with it; it writes what the readers read, nothing more.
public struct WARCWriter: Sendable {
    /// The archive so far.
    public private(set) var bytes: [UInt8] = []
    /// Each record becomes one gzip member (a `.warc.gz`).
    public let gzipPerRecord: Bool
    private var count = 0

    public init(gzipPerRecord: Bool) { self.gzipPerRecord = gzipPerRecord }

    /// Appends one record. `date` is the WARC-Date (`2026-03-01T10:22:03Z`).
    public mutating func record(type: String, uri: String?, date: String, contentType: String?, block: [UInt8]) {
        count += 1
        var header = "WARC/1.1\r\nWARC-Type: \(type)\r\n"
        header += "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-\(String(count, radix: 16).leftPadded(to: 12))>\r\n"
        header += "WARC-Date: \(date)\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        if let contentType { header += "Content-Type: \(contentType)\r\n" }
        header += "Content-Length: \(block.count)\r\n\r\n"
        let record = Array(header.utf8) + block + Array("\r\n\r\n".utf8)
        bytes += gzipPerRecord ? Self.gzip(record) : record
    }

    /// Appends bytes as they are (garbage, for the tests).
    public mutating func raw(_ data: [UInt8]) { bytes += data }

    /// An HTTP/1.1 response: status line, headers, blank line, body.
    public static func httpResponse(status: Int = 200, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// The Content-Type of a WARC response record.
    public static let responseType = "application/http; msgtype=response"
    public static let requestType = "application/http; msgtype=request"

    /// `body` in chunks of `size` bytes, as `Transfer-Encoding: chunked` sends it.
    public static func chunked(_ body: [UInt8], size: Int) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            let n = min(max(1, size), body.count - i)
            out += Array("\(String(n, radix: 16))\r\n".utf8) + body[i..<i + n] + [0x0D, 0x0A]
            i += n
        }
        return out + Array("0\r\n\r\n".utf8)
    }

    /// One gzip member holding `data`.
    public static func gzip(_ data: [UInt8]) -> [UInt8] { Zlib.deflate(data, gzip: true) }

    /// A zip of `entries` (deflated or stored), as a WACZ is.
    public static func zip(_ entries: [(name: String, data: [UInt8], deflate: Bool)]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
        for entry in entries {
            let crc = entry.data.withUnsafeBufferPointer { Int(crc32(0, $0.baseAddress, uInt($0.count))) }
            // Raw deflate: the zlib stream without its 2-byte header and 4-byte checksum.
            let stored = entry.deflate ? Array(Zlib.deflate(entry.data, gzip: false).dropFirst(2).dropLast(4)) : entry.data
            let name = Array(entry.name.utf8)
            let common =
                u16(20) + u16(0) + u16(entry.deflate ? 8 : 0) + u16(0) + u16(0) + u32(crc) + u32(stored.count) + u32(entry.data.count)
                + u16(name.count) + u16(0)
            let offset = out.count
            out += u32(0x0403_4B50) + common + name + stored
            directory += u32(0x0201_4B50) + u16(20) + common + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + name
        }
        let directoryOffset = out.count
        out += directory
        out += u32(0x0605_4B50) + u16(0) + u16(0) + u16(entries.count) + u16(entries.count) + u32(directory.count) + u32(directoryOffset) + u16(0)
        return out
    }
}
