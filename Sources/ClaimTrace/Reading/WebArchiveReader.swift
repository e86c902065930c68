#if canImport(Glibc)
    import Glibc
#endif

/// The web archive formats read as inputs.
public enum WebArchiveKind: String, Sendable, Hashable {
    /// An uncompressed WARC file.
    case warc
    /// A WARC file as a series of gzip members (one per record, usually).
    case warcGzip = "warc.gz"
    /// A zip holding WARC files under `archive/` (Webrecorder's WACZ).
    case wacz

    /// The kind a file name says (`.warc`, `.warc.gz`, `.wacz`), or nil.
    public init?(path: String) {
        let name = path.lowercased()
        if name.hasSuffix(".warc") {
            self = .warc
        } else if name.hasSuffix(".warc.gz") {
            self = .warcGzip
        } else if name.hasSuffix(".wacz") {
            self = .wacz
        } else {
            return nil
        }
    }
}

/// Web archive records passed over on purpose, counted by reason for the run's summary.
public struct SkippedRecords: Sendable, Hashable, CustomStringConvertible {
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    public var total: Int { counts.values.reduce(0, +) }
    public var isEmpty: Bool { counts.isEmpty }

    mutating func add(_ reason: String, _ count: Int = 1) { counts[reason, default: 0] += count }

    public static func + (a: SkippedRecords, b: SkippedRecords) -> SkippedRecords {
        var sum = a
        for (reason, count) in b.counts { sum.add(reason, count) }
        return sum
    }

    /// `3 request, 1 revisit, 2 not HTML or text`: most frequent first.
    public var description: String {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    static let notText = "not HTML or text"
    static let status = "HTTP status not 2xx"
    static let notHTTP = "not an HTTP response"
    static let brotli = "brotli-encoded (not supported)"
    static let unknownEncoding = "other content encodings"
    static let badEncoding = "damaged compressed bodies"
    static let tooLarge = "over the size limit"
    static let empty = "empty payloads"
    static let otherType = "other record types"
}

/// Reads a byte stream by lines and by counts, holding at most what one record needs.
final class ArchiveByteReader {
    private let stream: any ByteStream
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false
    /// Bytes consumed from the stream so far.
    private(set) var offset = 0

    static let chunk = 1 << 16

    init(_ stream: any ByteStream) { self.stream = stream }

    private var available: Int { buffer.count - position }

    /// Reads until `need` bytes are buffered or the stream ends; false when fewer are there.
    @discardableResult
    private func fill(_ need: Int) -> Bool {
        while available < need && !ended {
            if position > 0 && (position >= Self.chunk || position * 2 >= buffer.count) {
                buffer.removeFirst(position)
                position = 0
            }
            if stream.read(into: &buffer, count: max(Self.chunk, need - available)) == 0 { ended = true }
        }
        return available >= need
    }

    var atEnd: Bool { !fill(1) }

    /// Whether the next bytes are `prefix` (nothing is consumed).
    func startsWith(_ prefix: [UInt8]) -> Bool {
        fill(prefix.count)
        guard available >= prefix.count else { return false }
        for k in 0..<prefix.count where buffer[position + k] != prefix[k] { return false }
        return true
    }

    /// Skips CR and LF bytes (the blank lines between records); returns how many.
    @discardableResult
    func skipLineEnds() -> Int {
        var skipped = 0
        while fill(1), buffer[position] == 0x0D || buffer[position] == 0x0A {
            position += 1
            offset += 1
            skipped += 1
        }
        return skipped
    }

    enum Line {
        case line(String)
        case tooLong
        case end
    }

    /// The next line without its CRLF or LF; `.tooLong` (the line is skipped) when it is over
    /// `max` bytes; `.end` when nothing is left.
    func line(max: Int) -> Line {
        var scanned = 0
        while true {
            if scanned == available && !fill(scanned + 1) {
                if available == 0 { return .end }
                // The last line has no line end.
                return take(available).withUnsafeBufferPointer { .line(String(decoding: $0, as: UTF8.self)) }
            }
            if buffer[position + scanned] == 0x0A {
                var bytes = take(scanned + 1)
                bytes.removeLast()
                if bytes.last == 0x0D { bytes.removeLast() }
                return .line(String(decoding: bytes, as: UTF8.self))
            }
            scanned += 1
            if scanned > max {
                skipLine()
                return .tooLong
            }
        }
    }

    /// Skips through the next LF (or to the end) without keeping the bytes; returns how many.
    @discardableResult
    func skipLine() -> Int {
        var skipped = 0
        while fill(1) {
            let b = buffer[position]
            position += 1
            offset += 1
            skipped += 1
            if b == 0x0A { break }
        }
        return skipped
    }

    /// The next `count` bytes, or fewer when the stream ends first.
    func take(_ count: Int) -> [UInt8] {
        fill(count)
        let n = min(count, available)
        let bytes = Array(buffer[position..<position + n])
        position += n
        offset += n
        return bytes
    }

    /// Skips `count` bytes without holding more than a chunk; returns how many were there.
    func skip(_ count: Int) -> Int {
        var left = count
        while left > 0 {
            if available == 0 {
                buffer.removeAll(keepingCapacity: true)
                position = 0
                if !fill(min(left, Self.chunk)) && available == 0 { break }
            }
            let n = min(left, available)
            position += n
            offset += n
            left -= n
        }
        return count - left
    }
}

extension DocumentReader {
    /// The most bytes of WARC header read for one record.
    static let maxWARCHeaderLine = 64 * 1024
    static let maxWARCHeaderLines = 512

    /// Reads a web archive file: streamed, so that memory is bounded by the largest record.
    func readArchive(_ file: InputFile, kind: WebArchiveKind) -> Result {
        var result = Result()
        let opened: OpenFile
        do {
            opened = try Self.openRegular(file.fileSystemPath)
        } catch {
            result.issues.append(ReadIssue(location: file.path, reason: "\(error)"))
            return result
        }
        if opened.size == 0 {
            result.issues.append(ReadIssue(location: file.path, reason: "empty file, nothing to analyse"))
            return result
        }
        result.byteCount = opened.size
        readArchive(kind: kind, file: file, whole: FileStream(opened), opened: opened, into: &result)
        return result
    }

    /// Reads a web archive already in memory (an upload).
    func readArchive(_ bytes: [UInt8], as file: InputFile, kind: WebArchiveKind) -> Result {
        var result = Result()
        result.byteCount = bytes.count
        readArchive(kind: kind, file: file, whole: MemoryStream(bytes), bytes: bytes, into: &result)
        return result
    }

    private func readArchive(
        kind: WebArchiveKind, file: InputFile, whole: any ByteStream, opened: OpenFile? = nil, bytes: [UInt8]? = nil,
        into result: inout Result
    ) {
        let before = result.documents.count
        var records = 0
        switch kind {
        case .warc:
            records = readWARC(whole, name: file.path, idPrefix: file.id, into: &result)
        case .warcGzip:
            records = readWARC(InflateStream(whole, mode: .gzipMembers), name: file.path, idPrefix: file.id, into: &result)
        case .wacz:
            let zip: ZipDirectory
            do {
                if let opened { zip = try ZipDirectory(file: opened) } else { zip = try ZipDirectory(bytes: bytes ?? []) }
            } catch {
                result.issues.append(ReadIssue(location: file.path, reason: "\(error)"))
                return
            }
            let warcs = zip.entries.filter { entry in
                let name = entry.name.lowercased()
                return name.hasPrefix("archive/") && (name.hasSuffix(".warc") || name.hasSuffix(".warc.gz"))
            }
            if warcs.isEmpty {
                result.issues.append(
                    ReadIssue(location: file.path, reason: "no WARC file under archive/ in this WACZ (\(zip.entries.count) entries); nothing to read"))
                return
            }
            for entry in warcs {
                let name = file.path + "!" + entry.name
                do {
                    let stream = try zip.stream(for: entry)
                    let warc = entry.name.lowercased().hasSuffix(".gz") ? InflateStream(stream, mode: .gzipMembers) : stream
                    records += readWARC(warc, name: name, idPrefix: file.id + "!" + entry.name, into: &result)
                } catch {
                    result.warnings.append(ReadIssue(location: name, reason: "\(error)"))
                }
            }
        }
        if records == 0 && result.issues.isEmpty {
            result.issues.append(ReadIssue(location: file.path, reason: "no WARC record found; is it a web archive?"))
        } else if result.documents.count == before && records > 0 && result.skippedRecords.isEmpty {
            result.warnings.append(ReadIssue(location: file.path, reason: "no HTML or text page in its \(records) records"))
        }
    }

    /// Reads the WARC records of `stream` into `result`; returns how many records were found.
    /// Every loop ends: each turn consumes bytes or stops.
    /// - Complexity: O(n) in the stream's length; memory O(largest record).
    func readWARC(_ stream: any ByteStream, name: String, idPrefix: String, into result: inout Result) -> Int {
        let reader = ArchiveByteReader(stream)
        let magic = Array("WARC/".utf8)
        var records = 0
        records: while true {
            reader.skipLineEnds()
            if reader.atEnd { break }
            if !reader.startsWith(magic) {
                // Garbage: skipped line by line to the next line that starts a record.
                let start = reader.offset
                var skipped = 0
                while !reader.atEnd && !reader.startsWith(magic) {
                    skipped += reader.skipLine()
                    skipped += reader.skipLineEnds()
                }
                result.warnings.append(
                    ReadIssue(
                        location: name,
                        reason: reader.atEnd
                            ? "\(skipped) bytes at byte \(start) are not a WARC record, and no record follows them; ignored"
                            : "\(skipped) bytes at byte \(start) are not a WARC record; skipped to the next record at byte \(reader.offset)"))
                continue
            }
            let offset = reader.offset
            var lines: [String] = []
            var headerEnded = false
            while lines.count < Self.maxWARCHeaderLines {
                switch reader.line(max: Self.maxWARCHeaderLine) {
                case .line(let line):
                    if line.isEmpty {
                        headerEnded = true
                    } else {
                        lines.append(line)
                        continue
                    }
                case .tooLong:
                    lines = []
                case .end:
                    break
                }
                break
            }
            guard headerEnded, !lines.isEmpty else {
                if reader.atEnd {
                    warnCutShort(name: name, offset: offset, detail: "its header is incomplete", records: records, stream: stream, into: &result)
                    return records + 1
                }
                result.warnings.append(
                    ReadIssue(location: name, reason: "the record at byte \(offset) has a header that is too long or malformed; reading stops there"))
                return records
            }
            records += 1
            let fields = HeaderLines.fields(lines.dropFirst())
            guard let lengthText = fields["content-length"], lengthText.count <= 18, let length = Int(lengthText), length >= 0 else {
                result.warnings.append(
                    ReadIssue(
                        location: name,
                        reason: "the record at byte \(offset) has no valid Content-Length, so its end cannot be found; reading stops there"))
                return records
            }
            let type = fields["warc-type"]?.lowercased() ?? ""
            var skipReason: String?
            switch type {
            case "response", "resource": break
            case "request", "metadata", "revisit", "warcinfo": skipReason = type
            default: skipReason = SkippedRecords.otherType
            }
            if skipReason == nil && length > maxFileSize {
                skipReason = SkippedRecords.tooLarge
                result.warnings.append(
                    ReadIssue(
                        location: "\(name):\(offset)",
                        reason: "the record is \(Self.megabytes(length)), over the \(Self.megabytes(maxFileSize)) limit; skipped (raise it with --max-file-size)"))
            }
            if let skipReason {
                let skipped = reader.skip(length)
                if skipped < length {
                    warnCutShort(name: name, offset: offset, detail: "\(skipped) of its \(length) bytes", records: records - 1, stream: stream, into: &result)
                    return records
                }
                result.skippedRecords.add(skipReason)
                continue
            }
            let block = reader.take(length)
            if block.count < length {
                warnCutShort(name: name, offset: offset, detail: "\(block.count) of its \(length) bytes", records: records - 1, stream: stream, into: &result)
                return records
            }
            readRecord(block, type: type, fields: fields, source: "\(name):\(offset)", idPrefix: idPrefix, offset: offset, into: &result)
        }
        for notice in stream.notices { result.warnings.append(ReadIssue(location: name, reason: notice)) }
        if let problem = stream.problem { result.warnings.append(ReadIssue(location: name, reason: problem + "; the records before it are kept")) }
        return records
    }

    /// One line for a record cut short (the file ends, or its compressed data breaks, inside it):
    /// reading stops there.
    private func warnCutShort(name: String, offset: Int, detail: String, records: Int, stream: any ByteStream, into result: inout Result) {
        for notice in stream.notices { result.warnings.append(ReadIssue(location: name, reason: notice)) }
        let why = stream.problem.map { " (\($0))" } ?? ""
        result.warnings.append(
            ReadIssue(
                location: name,
                reason: "the record at byte \(offset) is cut short: \(detail)\(why); it is the last one read, the \(records) record\(records == 1 ? "" : "s") before it kept"))
    }

    /// Turns one `response` or `resource` record into a document, or counts why not.
    private func readRecord(
        _ block: [UInt8], type: String, fields: [String: String], source: String, idPrefix: String, offset: Int,
        into result: inout Result
    ) {
        var payload: [UInt8]
        var contentType: String?
        var warnings: [String] = []
        if type == "response" {
            guard let response = HTTPResponse(block[...]) else {
                result.skippedRecords.add(SkippedRecords.notHTTP)
                return
            }
            guard (200...299).contains(response.status) else {
                result.skippedRecords.add(SkippedRecords.status)
                return
            }
            contentType = response.headers["content-type"]
            guard Self.textKind(contentType, body: response.body) != nil else {
                result.skippedRecords.add(SkippedRecords.notText)
                return
            }
            var body = Array(response.body)
            if response.headers["transfer-encoding"]?.lowercased().contains("chunked") == true, let dechunked = HTTPResponse.dechunk(response.body) {
                body = dechunked
            }
            switch HTTPResponse.decodeContent(body, encoding: response.headers["content-encoding"], limit: maxFileSize) {
            case .skipped(let reason):
                result.skippedRecords.add(reason)
                return
            case .body(let decoded, let warning):
                payload = decoded
                if let warning { warnings.append(warning) }
            }
        } else {
            contentType = fields["content-type"]
            payload = block
        }
        guard let kind = Self.textKind(contentType, body: payload[...]) else {
            result.skippedRecords.add(SkippedRecords.notText)
            return
        }
        let decoded: TextDecoder.Decoded
        do {
            decoded = try decoder.decode(payload, declared: contentType.flatMap(Charset.parameter(ofContentType:)), html: kind == .html)
        } catch .empty {
            result.skippedRecords.add(SkippedRecords.empty)
            return
        } catch {
            result.skippedRecords.add(SkippedRecords.notText)
            return
        }
        payload = []
        var uri = fields["warc-target-uri"] ?? ""
        // WARC 1.0 examples write the URI in angle brackets.
        if uri.hasPrefix("<") && uri.hasSuffix(">") { uri = String(uri.dropFirst().dropLast()) }
        let date = fields["warc-date"] ?? ""
        let id = WebArchiveId.make(uri: uri, date: date) ?? "\(idPrefix)#\(offset)"
        if WebArchiveId.make(uri: uri, date: date) == nil {
            warnings.append("the record has no usable WARC-Target-URI and WARC-Date; its id is \"\(id)\"")
        }
        var metadata = DocumentMetadata()
        metadata.url = uri.isEmpty ? nil : WebArchiveId.safe(uri)
        result.documents.append(
            makeDocument(text: decoded.text, format: kind, id: id, source: source, metadata: metadata, warnings: decoded.warnings + warnings))
    }

    /// `.html` or `.text` for a payload we read, by its media type (sniffed when there is none);
    /// nil for anything else.
    static func textKind(_ contentType: String?, body: ArraySlice<UInt8>) -> SourceFormat? {
        let media = contentType.map(HTTPResponse.mediaType(of:)) ?? ""
        switch media {
        case "text/html", "application/xhtml+xml": return .html
        case "text/plain": return .text
        case "":
            let head = String(decoding: body.prefix(512), as: UTF8.self).trimmingASCIIWhitespace().lowercased()
            return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") ? .html : nil
        default: return nil
        }
    }
}

/// Ids of documents read from web archives: the target URI as a relative path, `@`, the capture
/// time (`example.org/a@2026-03-01T10:22:03Z`).
///
/// Ids are relative paths of non-empty segments, as file ids are (`Samples/web/a.html`): the web
/// app's document pages are `/documents/ID`, and a router drops the empty segment of `https://`
/// (measured: the app's own links to `https://...` ids answered 404). So `http://` and `https://`
/// are dropped, empty segments too, and `.` and `..` segments are percent-encoded; the whole URI
/// stays the document's `url`.
enum WebArchiveId {
    static let maxURILength = 2000

    /// `example.org/a@2026-03-01T10:22:03Z`, or nil without a URI or a date.
    static func make(uri: String, date: String) -> String? {
        let date = date.trimmingASCIIWhitespace()
        guard date.count <= 40, date.unicodeScalars.contains(where: { ("0"..."9").contains($0) }),
            date.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "-:TZ.+".unicodeScalars.contains($0) })
        else { return nil }
        let path = relativePath(uri)
        return path.isEmpty ? nil : path + "@" + date
    }

    /// The URI as a relative path of non-empty segments, made ``safe(_:)``.
    static func relativePath(_ uri: String) -> String {
        var rest = Substring(safe(uri))
        for scheme in ["https://", "http://"] where rest.lowercased().hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            break
        }
        return rest.split(separator: "/").map { $0 == "." ? "%2E" : $0 == ".." ? "%2E%2E" : String($0) }.joined(separator: "/")
    }

    /// The URI with control, format and space characters percent-encoded (ids and URLs must be
    /// printable, one line), cut at ``maxURILength`` characters.
    static func safe(_ uri: String) -> String {
        var out = ""
        for scalar in uri.unicodeScalars.prefix(maxURILength) {
            switch scalar.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator:
                for byte in String(scalar).utf8 { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
