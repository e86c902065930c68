import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore
import Foundation
import HTTPTypes
import Hummingbird

/// Uploading: the form, its POST (queued, then a 303 to the upload's status page), and that page.
extension Site {
    func uploadForm(_ message: String = "") -> String {
        let limit = configuration.maxUploadBytes >= 1_048_576
            ? "\(configuration.maxUploadBytes / 1_048_576) MB" : "\(configuration.maxUploadBytes / 1024) KB"
        guard !store.isReadOnly else {
            return "<section><h2>Upload</h2>\(message)<p class=\"notice\">Uploads are off: the database <code>\(HTMLReport.escape(store.path))</code> was opened read-only (it, or its folder, cannot be written). Serve a writable copy to add articles.</p></section>"
        }
        return """
            <section><h2>Upload</h2>\(message)
            <p>Add an article to the corpus: a <code>.txt</code>, <code>.md</code> or <code>.html</code> file, or a <code>.jsonl</code> file of several (one JSON object per line with <code>text</code> or <code>html</code>, and optionally <code>id</code>, <code>title</code>, <code>outlet</code>, <code>published</code>), or a web archive (<code>.warc</code>, <code>.warc.gz</code>, <code>.wacz</code>: one document per HTML or text page). At most \(limit).</p>
            <form class="filters" action="/upload" method="post" enctype="multipart/form-data">
            <label>File<input type="file" name="file" required accept=".txt,.text,.md,.markdown,.html,.htm,.xhtml,.jsonl,.ndjson,.warc,.gz,.wacz"></label>
            <button type="submit">Upload and analyse</button></form>
            <p class="hint">The file is kept, then analysed in the background (statements, sources, entities, techniques); a page shows how far it has got. Its documents are named <code>upload/FILE</code> (or <code>upload/ID</code> for a JSONL record's id, <code>upload/HOST/PATH@TIME</code> for a web archive's page). Links across the corpus (claims, copies, conflicts) are computed by <code>claimtrace analyze</code> over the whole corpus.</p>
            </section>
            """
    }

    func uploadPage() -> Response {
        Layout.response(Layout.page("Upload", .upload, uploadForm()))
    }

    /// The form's POST: one file part named `file`, queued; then to its status page.
    func receiveUpload(_ request: Request) async throws -> Response {
        guard !store.isReadOnly else { throw Uploader.readOnlyError(store) }
        var request = request
        let body = try await request.collectBody(upTo: configuration.maxUploadBytes + 64 * 1024)
        let contentType = request.headers[.contentType] ?? ""
        return try await read {
            let parts: [Multipart.Part]
            do {
                parts = try Multipart.parse(Array(buffer: body), boundary: try Multipart.boundary(contentType: contentType))
            } catch {
                throw HTTPError(.badRequest, message: "The upload could not be read: \(error).")
            }
            guard let file = parts.first(where: { $0.name == "file" }), let name = file.fileName, !name.isEmpty else {
                throw HTTPError(.badRequest, message: "Choose a file to upload.")
            }
            let queued = try uploader.admit(fileName: name, bytes: Array(file.data))
            uploads.wake()
            return Response(status: .seeOther, headers: [.location: UploadQueue.page(queued.id)])
        }
    }

    /// `/uploads/ID`: where an upload stands, refreshed every two seconds until it is done.
    func uploadStatusPage(_ id: String) throws -> Response {
        guard let number = Int64(id), let upload = try store.upload(id: number) else {
            throw HTTPError(.notFound, message: "No upload has the number \(id).")
        }
        let status = UploadStatus(upload)
        var body = "<section id=\"upload\"><h2>Upload \(upload.id): \(HTMLReport.escape(upload.fileName))</h2>"
        body += "<p><span class=\"flag\">\(upload.status.rawValue)</span> \(HTMLReport.escape(Self.uploadState(upload)))</p>"
        if let error = upload.error { body += "<p class=\"notice\">\(HTMLReport.escape(error))</p>" }
        if !status.added.isEmpty {
            body += "<p>Added \(status.added.count) document\(status.added.count == 1 ? "" : "s"):</p><ul>"
            for a in status.added {
                body += "<li><a href=\"\(HTMLReport.escape(Site.links.document(a.id, nil) ?? ""))\">\(HTMLReport.escape(a.title ?? a.id))</a> <span class=\"muted\">\(HTMLReport.escape(a.id))</span> (\(a.status), \(a.statements) statements, \(a.techniques) techniques)</li>"
            }
            body += "</ul>"
        }
        if !status.skipped.isEmpty {
            body += "<p>Not added:</p><ul>"
            for s in status.skipped { body += "<li>\(HTMLReport.escape(s.location)): \(HTMLReport.escape(s.reason))</li>" }
            body += "</ul>"
        }
        for warning in status.warnings { body += "<p class=\"notice\">\(HTMLReport.escape(warning))</p>" }
        body += "<p class=\"hint\">The same as JSON: <a href=\"\(UploadQueue.url(upload.id))\">\(UploadQueue.url(upload.id))</a> · <a href=\"/upload\">Upload another file</a></p></section>"
        var response = Layout.response(Layout.page("Upload \(upload.id)", .upload, body))
        if upload.isPending { response.headers[.refresh] = "2" }
        return response
    }

    /// A link to an upload's status page, named by its file.
    static func uploadLink(_ upload: StoredUpload) -> String {
        "<a href=\"\(UploadQueue.page(upload.id))\">\(HTMLReport.escape(HTMLReport.short(upload.fileName, 80)))</a>"
    }

    /// "queued since …", "being analysed: 3 of 10 documents", "done …", "failed …".
    static func uploadState(_ upload: StoredUpload) -> String {
        switch upload.status {
        case .queued: return "queued since \(upload.receivedAt)"
        case .running:
            guard let total = upload.documentsTotal else { return "being read since \(upload.startedAt ?? upload.receivedAt)" }
            return "being analysed: \(upload.documentsDone) of \(total) document\(total == 1 ? "" : "s") done"
        case .done: return "done at \(upload.finishedAt ?? "?")"
        case .failed: return "failed at \(upload.finishedAt ?? "?")"
        }
    }
}

/// An upload as the API shows it (`/api/v1/uploads/ID`, and the answer to an upload).
struct UploadStatus: Encodable {
    struct Progress: Encodable {
        var done: Int
        var total: Int
    }

    var id: Int64
    var name: String
    var status: String
    /// The id its document gets (nil for a JSONL file).
    var documentId: String?
    var size: Int
    var receivedAt: String
    var startedAt: String?
    var finishedAt: String?
    var progress: Progress?
    var added: [Uploader.Added]
    var skipped: [Uploader.Skipped]
    var warnings: [String]
    var error: String?
    /// This status, as JSON and as a page.
    var url: String
    var page: String

    init(_ upload: StoredUpload) {
        let outcome = upload.outcome.flatMap { try? JSONDecoder().decode(Uploader.Outcome.self, from: Data($0.utf8)) } ?? Uploader.Outcome()
        id = upload.id
        name = upload.fileName
        status = upload.status.rawValue
        documentId = upload.documentId
        size = upload.size
        receivedAt = upload.receivedAt
        startedAt = upload.startedAt
        finishedAt = upload.finishedAt
        progress = upload.documentsTotal.map { Progress(done: upload.documentsDone, total: $0) }
        added = outcome.added
        skipped = outcome.skipped
        warnings = outcome.warnings
        error = upload.error
        url = UploadQueue.url(upload.id)
        page = UploadQueue.page(upload.id)
    }
}

extension HTTPField.Name {
    static var refresh: Self { .init("Refresh")! }
}
