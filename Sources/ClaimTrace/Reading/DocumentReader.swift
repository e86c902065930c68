import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads input files into documents. Problems become one-line ``ReadIssue``s; the reader never
/// stops a run.
public struct DocumentReader: Sendable {
    /// Files larger than this are rejected before they are read.
    public let maxFileSize: Int
    public let html = HTMLReader()
    public let markdown = MarkdownReader()
    public let decoder = TextDecoder()

    public static let defaultMaxFileSize = 20 * 1024 * 1024

    public init(maxFileSize: Int = DocumentReader.defaultMaxFileSize) {
        self.maxFileSize = maxFileSize
    }

    /// What one file gave: its documents (a JSONL file gives several) and its problems.
    public struct Result: Sendable {
        public var documents: [Document] = []
        public var issues: [ReadIssue] = []
        /// Bytes read from disk.
        public var byteCount = 0
    }

    public func read(_ file: InputFile) -> Result {
        var result = Result()
        let bytes: [UInt8]
        do {
            bytes = try Self.readBytes(file.path, limit: maxFileSize)
        } catch {
            result.issues.append(ReadIssue(location: file.path, reason: "\(error)"))
            return result
        }
        return read(bytes, as: file)
    }

    /// Reads content already in memory (an upload) as if it were the file `file`: `file.path`
    /// becomes the documents' source and names the input in issues.
    public func read(_ bytes: [UInt8], as file: InputFile) -> Result {
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
            let decoded = try decoder.decode(bytes)
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
        var lineStart = 0
        let count = bytes.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            lineNumber += 1
            let line = bytes[lineStart..<lineEnd]
            lineStart = lineEnd + 1
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
                result.issues.append(
                    ReadIssue(location: location, reason: "record has neither a \"text\" nor an \"html\" string; skipped"))
                continue
            }
            var id = (record["id"] as? String) ?? (record["id"] as? NSNumber)?.stringValue ?? "\(file.id)#\(lineNumber)"
            if usedIds.contains(id) {
                result.issues.append(
                    ReadIssue(location: location, reason: "duplicate id \"\(id)\"; kept as \"\(id)#\(lineNumber)\""))
                id += "#\(lineNumber)"
            }
            usedIds.insert(id)
            var metadata = DocumentMetadata()
            metadata.title = record["title"] as? String
            metadata.url = record["url"] as? String
            metadata.outlet = record["outlet"] as? String
            if let published = record["published"] as? String {
                metadata.published = Day(iso: published)
                if metadata.published == nil {
                    result.issues.append(
                        ReadIssue(location: location, reason: "\"published\" is not a YYYY-MM-DD date: \(published)"))
                }
            }
            if let authors = record["authors"] as? [String] {
                metadata.authors = authors
            } else if let author = record["authors"] as? String {
                metadata.authors = [author]
            }
            result.documents.append(
                makeDocument(text: content, format: format, id: id, source: location, metadata: metadata))
        }
        return result
    }

    // MARK: Bytes

    /// Why a file could not be read.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a whole file, refusing it before reading when it is over `limit` bytes.
    static func readBytes(_ path: String, limit: Int) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError(description: "cannot be read (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw FileError(description: "cannot be read (\(String(cString: strerror(errno))))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FileError(description: "is a folder, not a file") }
        let size = Int(info.st_size)
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

    static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_048_576
        return mb >= 10 ? "\(Int(mb.rounded())) MB" : "\((mb * 10).rounded() / 10) MB"
    }
}
