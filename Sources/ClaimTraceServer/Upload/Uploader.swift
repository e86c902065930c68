public import ClaimTrace
import ClaimTraceStore
import Foundation
import Hummingbird

/// What the upload worker hands to the ``UploadHook`` once it has saved an upload's documents.
public struct AnalyzedUpload: Sendable {
    /// The upload's number (its status is at `/api/v1/uploads/NUMBER`).
    public var upload: Int64
    /// The file name as uploaded.
    public var fileName: String
    /// The documents as analysed and saved, in file order (unchanged ones included).
    public var documents: [AnalyzedDocument]
    /// What saving did to each of them, in the same order: "inserted", "updated" or "unchanged".
    public var statuses: [String]
}

/// Called by the upload worker after it has analysed and saved an upload, before the upload is
/// marked done; it runs on the worker's thread (not Swift's cooperative pool), so it may do
/// slow work, such as bringing the corpus results (claims, copies) up to date. An error it
/// throws is reported in the upload's status as a warning; the documents stay saved.
public typealias UploadHook = @Sendable (AnalyzedUpload) throws -> Void

/// Adds uploaded articles to the store, in two steps: ``admit(fileName:bytes:)`` checks an
/// upload while the client waits and queues it (see ``UploadQueue``); ``analyze(_:content:)``
/// later reads it as `analyze` reads files (the format from the file name), runs the
/// per-document pipeline and saves each document in its own transaction.
///
/// Every uploaded document's id starts with `upload/`: `upload/NAME` for a file, and
/// `upload/RECORD-ID` for a JSONL record with an id (`upload/NAME#LINE` without), so an upload
/// can replace an earlier upload but no document `analyze` stored. A record id that is empty, or
/// holds control characters or path tricks, refuses the whole file.
struct Uploader: Sendable {
    let store: ClaimTraceStore
    let pipeline: Pipeline
    let maxBytes: Int
    /// Uploads queued or running at most.
    let capacity: Int

    static let namespace = "upload/"
    /// The longest record id accepted.
    static let maxIdLength = 300

    struct Added: Sendable, Codable {
        var id: String
        /// "inserted", "updated" or "unchanged".
        var status: String
        var title: String?
        var statements: Int
        var techniques: Int
        var warnings: [String]
    }

    struct Skipped: Sendable, Codable {
        var location: String
        var reason: String
    }

    struct Outcome: Sendable, Codable {
        var added: [Added] = []
        var skipped: [Skipped] = []
        /// Problems after saving (the ``UploadHook`` failed), and the records of a web archive
        /// that were passed over (requests, images...), counted.
        var warnings: [String] = []
    }

    /// The file name reduced to safe characters (at most 120), and the format its extension names.
    static func safeName(_ fileName: String) throws -> (name: String, format: SourceFormat) {
        let base = (fileName as NSString).lastPathComponent
        guard let format = InputCollector.inputFormat(ofPath: base) else {
            throw HTTPError(
                .unsupportedMediaType,
                message: "“\(base)” is not a format claimtrace reads: name the file .txt, .md, .html, .jsonl, .warc, .warc.gz or .wacz.")
        }
        var safe = ""
        for scalar in base.unicodeScalars.prefix(120) {
            let ok = CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)
            safe.unicodeScalars.append(ok ? scalar : "_")
        }
        return (safe, format)
    }

    /// The id an uploaded file gets: `upload/NAME` with the name reduced to safe characters.
    static func documentId(fileName: String) throws -> (id: String, format: SourceFormat) {
        let (name, format) = try safeName(fileName)
        return (namespace + name, format)
    }

    /// What is wrong with a JSONL record's id, or nil when it can be used (under `upload/`):
    /// it must not be empty or too long, hold control characters, line separators or bidi
    /// controls, or be anything but a relative path of non-empty segments other than "." and "..".
    static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id.count > maxIdLength { return "is longer than \(maxIdLength) characters" }
        if let scalar = id.unicodeScalars.first(where: isControl) {
            return "holds a control character (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)))"
        }
        if id.contains("\\") { return "holds a backslash" }
        if id.hasPrefix("/") { return "starts with a slash (an absolute path)" }
        for segment in id.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return "has an empty path segment" }
            if segment == "." || segment == ".." { return "has a “\(segment)” segment" }
        }
        return nil
    }

    /// Control characters, line and paragraph separators, and the bidirectional controls that
    /// make text display in another order than it is stored.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) || (0x200E...0x200F).contains(scalar.value)
        }
    }

    /// An id as a message can show it: control characters written as `\u{…}`.
    static func shown(_ id: String) -> String {
        if id.isEmpty { return "an empty id" }
        var out = ""
        for scalar in id.unicodeScalars.prefix(120) {
            if isControl(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return "“\(out)”"
    }

    /// The ids of a JSONL file's records that cannot be used, with where they are. Lines that
    /// are not JSON objects are left to the analysis, which reports them.
    /// - Complexity: O(n) in the file (each line is parsed once).
    static func badRecordIds(_ bytes: [UInt8], fileName: String) -> [String] {
        var problems: [String] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            defer { start = end + 1 }
            guard let record = try? JSONSerialization.jsonObject(with: Data(bytes[start..<end])) as? [String: Any] else { continue }
            // As DocumentReader reads it: a string, or a number written out.
            guard let id = (record["id"] as? String) ?? (record["id"] as? NSNumber)?.stringValue else { continue }
            if let problem = idProblem(id) {
                problems.append("\(fileName):\(lineNumber): the id \(shown(id)) \(problem)")
            }
        }
        return problems
    }

    /// Checks an upload and queues it: the name's format (415), a body that is not empty (400)
    /// and within the limit (413), the id of every JSONL record (422), room in the queue (503)
    /// and a writable store (403).
    func admit(fileName: String, bytes: [UInt8]) throws -> StoredUpload {
        let (id, format) = try Self.documentId(fileName: fileName)
        let shownName = (fileName as NSString).lastPathComponent
        guard !store.isReadOnly else { throw Self.readOnlyError(store) }
        guard !bytes.isEmpty else { throw HTTPError(.badRequest, message: "The uploaded file “\(shownName)” is empty.") }
        guard bytes.count <= maxBytes else {
            throw HTTPError(.contentTooLarge, message: "The file is larger than the \(maxBytes / 1024) KB limit.")
        }
        if format == .jsonl {
            let problems = Self.badRecordIds(bytes, fileName: shownName)
            if !problems.isEmpty {
                let more = problems.count > 5 ? " (and \(problems.count - 5) more)" : ""
                throw HTTPError(
                    .unprocessableContent,
                    message: problems.prefix(5).joined(separator: "; ") + more
                        + ". Ids must be relative paths of non-empty segments, without “.” or “..”, backslashes or control characters; nothing of this file was added.")
            }
        }
        // A JSONL file or a web archive holds several documents, named by their records.
        let several = format == .jsonl || WebArchiveKind(path: shownName) != nil
        guard let queued = try store.enqueueUpload(fileName: fileName, documentId: several ? nil : id, content: bytes, capacity: capacity)
        else {
            throw HTTPError(
                .serviceUnavailable, headers: [.retryAfter: "30"],
                message: "\(capacity) uploads are already waiting for analysis; try again in a minute.")
        }
        return queued
    }

    static func readOnlyError(_ store: ClaimTraceStore) -> HTTPError {
        HTTPError(
            .forbidden,
            message: "Uploads are off: the database \(store.path) was opened read-only (it, or its folder, cannot be written). Serve a writable copy to add articles.")
    }

    /// Reads, analyses and saves one queued upload, document by document (`progress` is told how
    /// many are done of how many); returns what was added and skipped, and the analyses.
    /// Stops at the first document the store cannot save (those saved before stay saved).
    func analyze(_ upload: StoredUpload, content: [UInt8], progress: (Int, Int) -> Void) -> (Outcome, AnalyzedUpload) {
        var outcome = Outcome()
        var result = AnalyzedUpload(upload: upload.id, fileName: upload.fileName, documents: [], statuses: [])
        let name: String
        let format: SourceFormat
        do {
            (name, format) = try Self.safeName(upload.fileName)
        } catch {
            outcome.skipped.append(Skipped(location: upload.fileName, reason: "\(error)"))
            return (outcome, result)
        }
        let shownName = (upload.fileName as NSString).lastPathComponent
        let reader = DocumentReader(maxFileSize: maxBytes)
        let read = reader.read(content, as: InputFile(path: shownName, id: name, format: format, archive: WebArchiveKind(path: name)))
        outcome.skipped = read.issues.map { Skipped(location: $0.location, reason: $0.reason) }
        if !read.skippedRecords.isEmpty {
            let n = read.skippedRecords.total
            outcome.warnings.append("\(n) web archive record\(n == 1 ? "" : "s") skipped (\(read.skippedRecords))")
        }
        var documents: [Document] = []
        for var document in read.documents {
            if let problem = Self.idProblem(document.id) {
                outcome.skipped.append(Skipped(location: document.source, reason: "the id \(Self.shown(document.id)) \(problem)"))
                continue
            }
            document.id = Self.namespace + document.id
            document.source = "upload:" + upload.fileName
            documents.append(document)
        }
        progress(0, documents.count)
        for (index, document) in documents.enumerated() {
            let analyzed: AnalyzedDocument
            do {
                analyzed = try pipeline.analyze(document)
            } catch {
                outcome.skipped.append(Skipped(location: document.id, reason: "could not be analysed: \(error)"))
                continue
            }
            do {
                let summary = try store.save([analyzed])
                let status = summary.inserted > 0 ? "inserted" : (summary.updated > 0 ? "updated" : "unchanged")
                outcome.added.append(
                    Added(
                        id: analyzed.id, status: status, title: analyzed.metadata.title, statements: analyzed.attributions.count,
                        techniques: analyzed.techniques.count, warnings: analyzed.document.warnings))
                result.documents.append(analyzed)
                result.statuses.append(status)
            } catch {
                outcome.skipped.append(Skipped(location: document.id, reason: "\(error)"))
                for rest in documents[(index + 1)...] {
                    outcome.skipped.append(Skipped(location: rest.id, reason: "not analysed: saving had failed"))
                }
                break
            }
            progress(index + 1, documents.count)
        }
        return (outcome, result)
    }
}

extension String {
    /// Left-padded with zeros to `length` characters.
    func leftPadded(_ length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
