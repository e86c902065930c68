import ClaimTrace
import ClaimTraceReport
import Foundation
import Hummingbird

extension Site {
    func uploadForm(_ message: String = "") -> String {
        let limit = configuration.maxUploadBytes >= 1_048_576
            ? "\(configuration.maxUploadBytes / 1_048_576) MB" : "\(configuration.maxUploadBytes / 1024) KB"
        return """
            <section><h2>Upload</h2>\(message)
            <p>Add an article to the corpus: a <code>.txt</code>, <code>.md</code> or <code>.html</code> file, or a <code>.jsonl</code> file of several (one JSON object per line with <code>text</code> or <code>html</code>, and optionally <code>id</code>, <code>title</code>, <code>outlet</code>, <code>published</code>). At most \(limit).</p>
            <form class="filters" action="/upload" method="post" enctype="multipart/form-data">
            <label>File<input type="file" name="file" required accept=".txt,.text,.md,.markdown,.html,.htm,.xhtml,.jsonl,.ndjson"></label>
            <button type="submit">Upload and analyse</button></form>
            <p class="hint">Each article is analysed at once (statements, sources, entities, techniques). Links across the corpus (claims, copies, conflicts) are computed by <code>claimtrace analyze</code> over the whole corpus.</p>
            </section>
            """
    }

    func uploadPage() -> Response {
        Layout.response(Layout.page("Upload", .upload, uploadForm()))
    }

    /// The form's POST: one file part named `file`.
    func receiveUpload(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: configuration.maxUploadBytes + 64 * 1024)
        let parts: [Multipart.Part]
        do {
            let boundary = try Multipart.boundary(contentType: request.headers[.contentType] ?? "")
            parts = try Multipart.parse(Array(buffer: body), boundary: boundary)
        } catch {
            throw HTTPError(.badRequest, message: "The upload could not be read: \(error).")
        }
        guard let file = parts.first(where: { $0.name == "file" }), let name = file.fileName, !name.isEmpty else {
            throw HTTPError(.badRequest, message: "Choose a file to upload.")
        }
        guard file.data.count <= configuration.maxUploadBytes else {
            throw HTTPError(.contentTooLarge, message: "The file is larger than the \(configuration.maxUploadBytes / 1024) KB limit.")
        }
        let outcome = try uploader.add(fileName: name, bytes: Array(file.data))
        if outcome.added.count == 1, outcome.skipped.isEmpty, let only = outcome.added.first {
            return Response(status: .seeOther, headers: [.location: Site.links.document(only.id, nil) ?? "/"])
        }
        var message = ""
        if !outcome.added.isEmpty {
            message += "<div class=\"notice\"><p>Added \(outcome.added.count) document\(outcome.added.count == 1 ? "" : "s"):</p><ul>"
            for a in outcome.added {
                message += "<li><a href=\"\(HTMLReport.escape(Site.links.document(a.id, nil) ?? ""))\">\(HTMLReport.escape(a.title ?? a.id))</a> (\(a.status))</li>"
            }
            message += "</ul></div>"
        }
        if !outcome.skipped.isEmpty {
            message += "<div class=\"notice\"><p>Not added:</p><ul>"
            for s in outcome.skipped { message += "<li>\(HTMLReport.escape(s.location)): \(HTMLReport.escape(s.reason))</li>" }
            message += "</ul></div>"
        }
        let status: HTTPResponse.Status = outcome.added.isEmpty ? .unprocessableContent : .ok
        return Layout.response(Layout.page("Upload", .upload, uploadForm(message)), status: status)
    }
}
