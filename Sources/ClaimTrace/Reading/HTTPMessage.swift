/// An HTTP response as a web archive stores it: status, headers and the body as sent (chunked,
/// compressed), and the ways of undoing those.
struct HTTPResponse {
    var status: Int
    /// Header names in lower case; a repeated header's values joined with ", ".
    var headers: [String: String]
    var body: ArraySlice<UInt8>

    /// The most header bytes read before the body: more is not an HTTP response we read.
    static let maxHeaderBytes = 256 * 1024

    /// Parses the status line and headers of `block`; nil when it does not start `HTTP/` or the
    /// headers do not end within ``maxHeaderBytes``. Lines may end in CRLF or LF.
    /// - Complexity: O(header length).
    init?(_ block: ArraySlice<UInt8>) {
        guard block.starts(with: Array("HTTP/".utf8)) else { return nil }
        let lines = HeaderLines.split(block, limit: Self.maxHeaderBytes)
        guard let lines, let statusLine = lines.lines.first else { return nil }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, let code = Int(parts[1]), (100...999).contains(code) else { return nil }
        status = code
        headers = HeaderLines.fields(lines.lines.dropFirst())
        body = block[lines.end...]
    }

    /// The media type of `Content-Type`, lower case, without parameters ("text/html").
    var mediaType: String? { headers["content-type"].map(Self.mediaType(of:)) }

    static func mediaType(of value: String) -> String {
        String(value.split(separator: ";", maxSplits: 1).first ?? "").trimmingASCIIWhitespace().lowercased()
    }

    /// `body` with `Transfer-Encoding: chunked` undone; nil when it is not valid chunked data
    /// (some archivers store the body de-chunked and keep the header). Trailers are dropped.
    /// - Complexity: O(n).
    static func dechunk(_ body: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = body.startIndex
        // Each turn reads one chunk and moves past it, or stops.
        while true {
            var size = 0
            var digits = 0
            while i < body.endIndex, let value = Self.hexValue(body[i]) {
                guard digits < 15 else { return nil }
                size = size * 16 + value
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            // Chunk extensions, then the line's end.
            while i < body.endIndex, body[i] != 0x0A { i += 1 }
            guard i < body.endIndex else { return nil }
            i += 1
            if size == 0 { return out }
            guard body.endIndex - i >= size else { return nil }
            out.append(contentsOf: body[i..<i + size])
            i += size
            if i < body.endIndex, body[i] == 0x0D { i += 1 }
            if i < body.endIndex, body[i] == 0x0A { i += 1 }
            if i >= body.endIndex { return out }
        }
    }

    private static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: return Int(b - 0x30)
        case 0x41...0x46: return Int(b - 0x41 + 10)
        case 0x61...0x66: return Int(b - 0x61 + 10)
        default: return nil
        }
    }

    /// What undoing `Content-Encoding` gave.
    enum Decoded {
        case body([UInt8], warning: String?)
        /// Skipped, with the reason counted in the summary.
        case skipped(String)
    }

    /// `body` with its `Content-Encoding` undone (gzip, deflate; identity), at most `limit`
    /// bytes. Brotli and unknown encodings are skipped: zlib cannot inflate them.
    /// - Complexity: O(n + inflated size).
    static func decodeContent(_ body: [UInt8], encoding: String?, limit: Int) -> Decoded {
        var data = body
        var warning: String?
        let codings = (encoding ?? "").lowercased().split(separator: ",").map { String($0).trimmingASCIIWhitespace() }.filter {
            !$0.isEmpty && $0 != "identity" && $0 != "none"
        }
        // Applied in order, undone in reverse.
        for coding in codings.reversed() {
            let modes: [InflateStream.Mode]
            switch coding {
            case "gzip", "x-gzip": modes = [.gzipMembers]
            case "deflate": modes = [.zlib, .rawDeflate]
            case "br": return .skipped(SkippedRecords.brotli)
            default: return .skipped(SkippedRecords.unknownEncoding)
            }
            var inflated: [UInt8]?
            for mode in modes {
                let stream = InflateStream(MemoryStream(data), mode: mode)
                guard let out = Zlib.readAll(stream, limit: limit) else { return .skipped(SkippedRecords.tooLarge) }
                if stream.problem == nil {
                    inflated = out
                    break
                }
                if !out.isEmpty && mode == modes.last {
                    inflated = out
                    warning = "the \(coding) body is cut short or damaged; the \(out.count) bytes that inflated are kept"
                }
            }
            guard let inflated else { return .skipped(SkippedRecords.badEncoding) }
            data = inflated
        }
        return .body(data, warning: warning)
    }
}

/// Header lines (a WARC record's or an HTTP response's), split and parsed.
enum HeaderLines {
    /// The lines before the first empty one (CRLF or LF ends), and the offset just after it;
    /// nil when no empty line comes within `limit` bytes.
    static func split(_ bytes: ArraySlice<UInt8>, limit: Int) -> (lines: [String], end: Int)? {
        var lines: [String] = []
        var start = bytes.startIndex
        var i = start
        let stop = min(bytes.endIndex, bytes.startIndex + limit)
        while i < stop {
            if bytes[i] == 0x0A {
                var lineEnd = i
                if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                if lineEnd == start { return (lines, i + 1) }
                lines.append(String(decoding: bytes[start..<lineEnd], as: UTF8.self))
                start = i + 1
            }
            i += 1
        }
        return nil
    }

    /// `Name: value` lines to a dictionary of lower-case names; lines starting with a space or a
    /// tab continue the previous value; repeated names are joined with ", ".
    static func fields(_ lines: some Sequence<String>) -> [String: String] {
        var fields: [String: String] = [:]
        var last: String?
        for line in lines {
            if let first = line.unicodeScalars.first, first == " " || first == "\t", let last {
                fields[last, default: ""] += " " + line.trimmingASCIIWhitespace()
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingASCIIWhitespace().lowercased()
            let value = line[line.index(after: colon)...].trimmingASCIIWhitespace()
            if let old = fields[name] { fields[name] = old + ", " + value } else { fields[name] = value }
            last = name
        }
        return fields
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> String { String(self).trimmingASCIIWhitespace() }
}
