import ClaimTrace
import ClaimTraceStore
import Foundation
import Hummingbird

/// Adds uploaded articles to the store: reads them as `analyze` reads files (the format from the
/// file name), runs the per-document pipeline, and saves each document in its own transaction.
/// Corpus-wide results (claims, copies, conflicts) are left to the next `analyze` run.
struct Uploader: Sendable {
    let store: ClaimTraceStore
    let pipeline: Pipeline
    let maxBytes: Int

    struct Added: Sendable, Encodable {
        var id: String
        /// "inserted", "updated" or "unchanged".
        var status: String
        var title: String?
        var statements: Int
        var techniques: Int
        var warnings: [String]
    }

    struct Skipped: Sendable, Encodable {
        var location: String
        var reason: String
    }

    struct Outcome: Sendable, Encodable {
        var added: [Added]
        var skipped: [Skipped]
    }

    /// The id an uploaded file gets: `upload/NAME` with the name reduced to safe characters.
    static func documentId(fileName: String) throws -> (id: String, format: SourceFormat) {
        let base = (fileName as NSString).lastPathComponent
        guard let format = InputCollector.format(ofPath: base) else {
            throw HTTPError(
                .unsupportedMediaType,
                message: "“\(base)” is not a format claimtrace reads: name the file .txt, .md, .html or .jsonl.")
        }
        var safe = ""
        for scalar in base.unicodeScalars.prefix(120) {
            let ok = CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)
            safe.unicodeScalars.append(ok ? scalar : "_")
        }
        return ("upload/" + safe, format)
    }

    func add(fileName: String, bytes: [UInt8]) throws -> Outcome {
        let (id, format) = try Self.documentId(fileName: fileName)
        guard !bytes.isEmpty else { throw HTTPError(.badRequest, message: "The uploaded file “\(fileName)” is empty.") }
        let reader = DocumentReader(maxFileSize: maxBytes)
        let result = reader.read(bytes, as: InputFile(path: id, id: id, format: format))
        var outcome = Outcome(added: [], skipped: result.issues.map { Skipped(location: $0.location, reason: $0.reason) })
        guard !result.documents.isEmpty else { return outcome }
        let analyzed = try pipeline.analyze(result.documents.map { document in
            var d = document
            d.source = "upload:" + fileName
            return d
        })
        for document in analyzed {
            let summary = try store.save([document])
            let status = summary.inserted > 0 ? "inserted" : (summary.updated > 0 ? "updated" : "unchanged")
            outcome.added.append(
                Added(
                    id: document.id, status: status, title: document.metadata.title, statements: document.attributions.count,
                    techniques: document.techniques.count, warnings: document.document.warnings))
        }
        return outcome
    }
}
