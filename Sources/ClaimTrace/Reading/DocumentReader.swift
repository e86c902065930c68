import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads input files into documents. Problems become one-line ``ReadIssue``s; the reader never
/// stops a run.
public struct DocumentReader: Sendable {
    /// Files larger than this are rejected before they are read.
    public let maxFileSize: Int
    public let html: HTMLReader
    public let markdown = MarkdownReader()
    public let decoder = TextDecoder()

    public static let defaultMaxFileSize = 20 * 1024 * 1024

    /// - Parameter includeComments: keep readers' comments on web pages as text (by default
    ///   they are an excluded `comments` region).
    public init(maxFileSize: Int = DocumentReader.defaultMaxFileSize, includeComments: Bool = false) {
        self.maxFileSize = maxFileSize
        html = HTMLReader(includeComments: includeComments)
    }

    /// What one file gave: its documents (a JSONL file gives several) and its problems.
    public struct Result: Sendable {
        public var documents: [Document] = []
        public var issues: [ReadIssue] = []
        /// Problems with what was kept, one line each (a JSONL field of the wrong type): said,
        /// but nothing was skipped for them.
        public var warnings: [ReadIssue] = []
        /// Bytes read from disk.
        public var byteCount = 0
        /// Web archive records passed over on purpose (requests, revisits, images...), by reason.
        public var skippedRecords = SkippedRecords()
    }

    public func read(_ file: InputFile) -> Result {
        if let archive = file.archive { return readArchive(file, kind: archive) }
        var result = Result()
        let bytes: [UInt8]
        do {
            bytes = try Self.readBytes(file.fileSystemPath, limit: maxFileSize)
        } catch {
            result.issues.append(ReadIssue(location: file.path, reason: "\(error)"))
            return result
        }
        return read(bytes, as: file)
    }

    /// Reads content already in memory (an upload) as if it were the file `file`: `file.path`
    /// becomes the documents' source and names the input in issues.
    public func read(_ bytes: [UInt8], as file: InputFile) -> Result {
        if let archive = file.archive { return readArchive(bytes, as: file, kind: archive) }
        var result = Result()
        result.byteCount = bytes.count
        guard bytes.count <= maxFileSize else {
            result.issues.append(ReadIssue(location: file.path, reason: "larger than \(maxFileSize / 1_048_576) MB; skipped"))
            return result
        }
        if file.format == .jsonl {
            return readJSONL(bytes, file: file, into: result)
        }
        do {
            let decoded = try decoder.decode(bytes, declared: nil, html: file.format == .html)
            result.documents.append(
                makeDocument(
                    text: decoded.text, format: file.format, id: file.id, source: file.path,
                    warnings: decoded.warnings))
        } catch {
            result.issues.append(ReadIssue(location: file.path, reason: "\(error)"))
        }
        return result
    }

    /// Builds a document from decoded content in one of the formats; JSONL records use this too.
    public func makeDocument(
        text: String, format: SourceFormat, id: String, source: String, metadata: DocumentMetadata = .init(),
        warnings: [String] = []
    ) -> Document {
        switch format {
        case .text, .jsonl:
            return Document(id: id, source: source, format: format, text: text, metadata: metadata, warnings: warnings)
        case .markdown:
            let page = markdown.read(text)
            let meta = metadata.filling(from: page.metadata)
            return Document(
                id: id, source: source, format: .markdown, text: page.text, metadata: meta, hints: page.hints,
                warnings: warnings)
        case .html:
            let page = html.read(text)
            var documentWarnings = warnings + page.warnings
            if page.text.isEmpty { documentWarnings.append("the HTML holds no visible text") }
            return Document(
                id: id, source: source, format: .html, text: page.text, metadata: metadata.filling(from: page.metadata),
                hints: page.hints, warnings: documentWarnings)
        }
    }

    // MARK: JSONL

    private func readJSONL(_ bytes: [UInt8], file: InputFile, into start: Result) -> Result {
        var result = start
        var lineNumber = 0
        var usedIds = Set<String>()
        var wrongTypes = JSONLFieldTypes()
        var lineStart = 0
        let count = bytes.count
        while lineStart < count {
            var lineEnd = lineStart
            // A line ends at LF, CR LF or a lone CR (JSON strings cannot hold a raw CR).
            while lineEnd < count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
            lineNumber += 1
            let line = bytes[lineStart..<lineEnd]
            lineStart = lineEnd + (lineEnd + 1 < count && bytes[lineEnd] == 0x0D && bytes[lineEnd + 1] == 0x0A ? 2 : 1)
            let location = "\(file.path):\(lineNumber)"
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let record: [String: Any]
            do {
                guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    result.issues.append(ReadIssue(location: location, reason: "not a JSON object; skipped"))
                    continue
                }
                record = object
            } catch {
                let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "invalid JSON"
                result.issues.append(ReadIssue(location: location, reason: "malformed JSON (\(detail)); skipped"))
                continue
            }
            let format: SourceFormat
            let content: String
            if let text = record["text"] as? String, !text.isEmpty {
                format = .jsonl
                content = text
            } else if let html = record["html"] as? String, !html.isEmpty {
                format = .html
                content = html
            } else {
                let found = ["text", "html"].compactMap { key in record[key].map { "\"\(key)\" is \(JSONLFieldTypes.kind(of: $0))" } }
                result.issues.append(
                    ReadIssue(
                        location: location,
                        reason: "record has neither a \"text\" nor an \"html\" string"
                            + (found.isEmpty ? "" : " (\(found.joined(separator: ", ")))") + "; skipped"))
                continue
            }
            var warnings: [String] = []
            let fallbackId = "\(file.id)#\(lineNumber)"
            var id = fallbackId
            switch record["id"] {
            case nil: break
            case let given as String:
                if let problem = Self.idProblem(given) {
                    warnings.append("the record's id \(Self.quoted(given)) \(problem); kept as \"\(fallbackId)\"")
                } else {
                    id = given
                }
            case let number as NSNumber where !JSONLFieldTypes.isBoolean(number): id = number.stringValue
            case let other?: wrongTypes.note("id", other, line: lineNumber)
            }
            if usedIds.contains(id) {
                warnings.append("duplicate id \"\(id)\" in this file; kept as \"\(id)#\(lineNumber)\"")
                id += "#\(lineNumber)"
            }
            usedIds.insert(id)
            var metadata = DocumentMetadata()
            metadata.title = wrongTypes.string("title", in: record, line: lineNumber)
            metadata.url = wrongTypes.string("url", in: record, line: lineNumber)
            metadata.outlet = wrongTypes.string("outlet", in: record, line: lineNumber)
            if let published = wrongTypes.string("published", in: record, line: lineNumber) {
                metadata.published = Day(iso: published)
                if metadata.published == nil { warnings.append("\"published\" is not a YYYY-MM-DD date: \(published); left out") }
            }
            switch record["authors"] {
            case nil: break
            case let author as String: metadata.authors = [author]
            case let list as [Any] where list.allSatisfy({ $0 is String }): metadata.authors = list.compactMap { $0 as? String }
            case let other?: wrongTypes.note("authors", other, line: lineNumber)
            }
            result.documents.append(
                makeDocument(text: content, format: format, id: id, source: location, metadata: metadata, warnings: warnings))
        }
        result.warnings += wrongTypes.warnings(file: file.path)
        return result
    }

    /// Why a record's own id cannot be a document id, or nil when it can: an id must say
    /// something and be printable.
    static func idProblem(_ id: String) -> String? {
        if id.allSatisfy(\.isWhitespace) { return "is empty" }
        if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0 != "\u{200D}" }) {
            return "holds control characters"
        }
        return nil
    }

    /// A string shown in a message: quoted, control characters escaped, at most 80 characters.
    static func quoted(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(80) {
            out += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return "\"" + out + (text.unicodeScalars.count > 80 ? "…" : "") + "\""
    }

    // MARK: Bytes

    /// Why a file could not be read.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a whole file, refusing it before reading when it is over `limit` bytes, and
    /// anything that is not a regular file (a FIFO is opened without waiting for a writer, then
    /// refused).
    static func readBytes(_ path: [UInt8], limit: Int) throws(FileError) -> [UInt8] {
        let file = try openRegular(path)
        // Closed when `file` goes: kept until the function returns.
        defer { withExtendedLifetime(file) {} }
        let fd = file.descriptor
        let size = file.size
        if size > limit {
            throw FileError(
                description:
                    "file is \(Self.megabytes(size)), over the \(Self.megabytes(limit)) limit; skipped (raise it with --max-file-size)")
        }
        if size == 0 { throw FileError(description: "empty file, nothing to analyse") }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, size - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(description: "cannot be read (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            filled += n
        }
        if filled < size { bytes.removeLast(size - filled) }
        return bytes
    }

    /// Opens a regular file for reading (a FIFO is opened without waiting for a writer, then
    /// refused); it is closed when the result goes.
    static func openRegular(_ path: [UInt8]) throws(FileError) -> OpenFile {
        let fd = (path + [0]).withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        }
        guard fd >= 0 else { throw FileError(description: "cannot be read (\(String(cString: strerror(errno))))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw FileError(description: "cannot be read (\(message))")
        }
        if (info.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            if (info.st_mode & S_IFMT) == S_IFDIR { throw FileError(description: "is a folder, not a file") }
            throw FileError(description: InputCollector.notRegular(info.st_mode))
        }
        return OpenFile(descriptor: fd, size: Int(info.st_size))
    }

    static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_048_576
        return mb >= 10 ? "\(Int(mb.rounded())) MB" : "\((mb * 10).rounded() / 10) MB"
    }
}

/// The JSONL fields whose values had the wrong type, gathered over a file so that each is said
/// once: which field, what it held, in how many records and from which line.
struct JSONLFieldTypes {
    private var seen: [(field: String, kind: String, count: Int, firstLine: Int)] = []

    /// The field's value when it is a string; otherwise noted (when present) and nil.
    mutating func string(_ field: String, in record: [String: Any], line: Int) -> String? {
        guard let value = record[field] else { return nil }
        if let string = value as? String { return string }
        if !(value is NSNull) { note(field, value, line: line) }
        return nil
    }

    mutating func note(_ field: String, _ value: Any, line: Int) {
        if let k = seen.firstIndex(where: { $0.field == field }) {
            seen[k].count += 1
        } else {
            seen.append((field, Self.kind(of: value), 1, line))
        }
    }

    func warnings(file: String) -> [ReadIssue] {
        seen.map { entry in
            ReadIssue(
                location: file,
                reason: "\"\(entry.field)\" is not \(Self.expected[entry.field] ?? "a string") in \(entry.count) record\(entry.count == 1 ? "" : "s") (first at line \(entry.firstLine): \(entry.kind)); ignored there")
        }
    }

    static let expected = ["authors": "a string or a list of strings", "id": "a string or a number"]

    /// The JSON type of a value, in words.
    static func kind(of value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let number as NSNumber: return isBoolean(number) ? "a boolean" : "a number"
        case is String: return "a string"
        case is [Any]: return "a list"
        case is [String: Any]: return "an object"
        default: return "another type"
        }
    }

    /// JSONSerialization gives booleans as NSNumber too.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
