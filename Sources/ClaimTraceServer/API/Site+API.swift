import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore
import Foundation
import Hummingbird

/// The JSON API under `/api/v1`, described by `Resources/openapi.yaml`. Offsets are Unicode
/// scalars, as in `claimtrace/1`; claims and findings are the report's own records.
extension Site {
    struct APIStats: Encodable {
        var documents: Int
        var outlets: [String: Int]
        var firstPublished: String?
        var lastPublished: String?
        var sourceKinds: [String: Int]
        var assertions: Int
        var techniques: [String: Int]
        var run: Int64?
        var claims: Int
        var duplicates: Int
        var findings: [String: Int]
        var documentsAfterRun: Int
        /// Uploads queued or being analysed.
        var pendingUploads: Int
    }

    struct APISpan: Encodable {
        var layer: String
        var start: Int
        var end: Int
        var kind: String?
        var text: String
        var data: String?
    }

    struct APIDocumentEntity: Encodable {
        var name: String
        var type: String
        var aliases: [String]
        var roles: [String]
        var country: String?
        /// The corpus entity it is merged into.
        var entity: String?
    }

    struct APIDocument: Encodable {
        var id: String
        var source: String
        var format: String
        var title: String?
        var authors: [String]
        var published: String?
        var outlet: String?
        var url: String?
        var originalSource: String?
        var signOffAuthor: String?
        var text: String
        var warnings: [String]
        var analyzedAt: String
        var spans: [APISpan]
        var entities: [APIDocumentEntity]
    }

    struct APIEntity: Encodable {
        var id: String
        var name: String
        var type: String
        var aliases: [String]
        var roles: [String]
        var documents: [String]
        var country: String?
        var merges: [String]
    }

    struct APIHit: Encodable {
        struct Highlight: Encodable { var start: Int; var end: Int }
        var id: String
        var title: String?
        /// Plain text; `highlights` gives the matches in it, in Unicode scalars.
        var snippet: String
        var highlights: [Highlight]
        var rank: Double
    }

    struct APIList<Item: Encodable>: Encodable {
        var items: [Item]
        var page: Int
        var perPage: Int
        var total: Int
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return rawJSON(String(decoding: try encoder.encode(value), as: UTF8.self), status: status)
    }

    static func rawJSON(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A list of records already in JSON (claims, findings), as an `APIList`.
    static func rawList(_ items: [String], _ paging: Query.Paging, total: Int) -> Response {
        rawJSON("{\"items\":[" + items.joined(separator: ",") + "],\"page\":\(paging.page),\"perPage\":\(paging.perPage),\"total\":\(total)}")
    }

    // MARK: handlers

    func apiStats() throws -> Response {
        let s = try cache.corpusStats()
        return try Self.json(
            APIStats(
                documents: s.documents, outlets: s.outlets, firstPublished: s.firstPublished, lastPublished: s.lastPublished,
                sourceKinds: s.sourceKinds, assertions: s.assertions, techniques: s.techniques, run: s.run?.id, claims: s.claims,
                duplicates: s.duplicates, findings: s.findings, documentsAfterRun: s.documentsAfterRun,
                pendingUploads: try store.pendingUploads().count))
    }

    /// A page of documents, with the uploads whose documents are still pending.
    struct APIDocumentList: Encodable {
        var items: [DocumentSummary]
        var page: Int
        var perPage: Int
        var total: Int
        var pending: [UploadStatus]
    }

    func apiDocuments(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let page = try store.documents(try Query.filter(request), offset: paging.offset, limit: paging.perPage)
        return try Self.json(
            APIDocumentList(
                items: page.items, page: paging.page, perPage: paging.perPage, total: page.total,
                pending: try store.pendingUploads().map(UploadStatus.init)))
    }

    func apiDocument(_ id: String) throws -> Response {
        guard let d = try store.document(id: id) else { throw try missingDocument(id) }
        let offsets = ScalarOffsets(d.text)
        let bytes = Array(d.text.utf8)
        let spans = try store.allSpans(documentId: id).compactMap { s -> APISpan? in
            guard s.start <= s.end, s.end <= offsets.scalarCount else { return nil }
            let r = offsets.bytes(start: s.start, end: s.end)
            return APISpan(layer: s.layer, start: s.start, end: s.end, kind: s.kind, text: String(decoding: bytes[r.start..<r.end], as: UTF8.self), data: s.data)
        }
        let corpusIds = try cache.snapshot().entityIds[id] ?? []
        let entities = try store.documentEntities(documentId: id).map { e in
            APIDocumentEntity(
                name: e.name, type: e.type, aliases: e.aliasList, roles: e.roleList, country: e.country,
                entity: corpusIds.indices.contains(e.localIndex) && !corpusIds[e.localIndex].isEmpty ? corpusIds[e.localIndex] : nil)
        }
        return try Self.json(
            APIDocument(
                id: d.id, source: d.source, format: d.format, title: d.title, authors: d.authorList, published: d.published,
                outlet: d.outlet, url: d.url, originalSource: d.originalSource, signOffAuthor: d.signOffAuthor, text: d.text,
                warnings: d.warningList, analyzedAt: d.analyzedAt, spans: spans, entities: entities))
    }

    /// `POST /api/v1/documents?name=FILE`: the body is the file. It is checked and queued, and
    /// the answer is 202 with the upload's status (and its address in `Location`).
    func apiUpload(_ request: Request) async throws -> Response {
        guard !store.isReadOnly else { throw Uploader.readOnlyError(store) }
        guard let name = try Query.value(request, "name") else {
            throw HTTPError(.badRequest, message: "Give the file name with ?name=article.html (its extension sets the format).")
        }
        var request = request
        let body = try await request.collectBody(upTo: configuration.maxUploadBytes)
        return try await read {
            let queued = try uploader.admit(fileName: name, bytes: Array(buffer: body))
            uploads.wake()
            var response = try Self.json(UploadStatus(queued), status: .accepted)
            response.headers[.location] = UploadQueue.url(queued.id)
            return response
        }
    }

    /// `GET /api/v1/uploads/ID`: where an upload stands, and what it added or why it failed.
    func apiUploadStatus(_ id: String) throws -> Response {
        guard let number = Int64(id), number > 0 else {
            throw HTTPError(.badRequest, message: "An upload is named by its number (the id of POST /api/v1/documents's answer).")
        }
        guard let upload = try store.upload(id: number) else {
            throw HTTPError(.notFound, message: "No upload has the number \(number).")
        }
        return try Self.json(UploadStatus(upload))
    }

    func apiEntities(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let query = try Query.value(request, "q")
        var entities = try cache.snapshot().entities
        if let query {
            entities = entities.filter { e in ([e.name] + e.aliases).contains { $0.range(of: query, options: [.caseInsensitive, .diacriticInsensitive]) != nil } }
        }
        let items = entities.dropFirst(paging.offset).prefix(paging.perPage).map {
            APIEntity(id: $0.id, name: $0.name, type: $0.type.rawValue, aliases: $0.aliases, roles: $0.roles, documents: $0.documents, country: $0.country, merges: $0.merges)
        }
        return try Self.json(APIList(items: Array(items), page: paging.page, perPage: paging.perPage, total: entities.count))
    }

    func apiClaims(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        guard let run = try store.latestRun() else { return Self.rawList([], paging, total: 0) }
        let page = try store.claimRecords(run: run.id, offset: paging.offset, limit: paging.perPage)
        return Self.rawList(page.items, paging, total: page.total)
    }

    func apiClaim(_ id: String) throws -> Response {
        guard let run = try store.latestRun(), let record = try store.claimRecord(run: run.id, id: id) else {
            throw HTTPError(.notFound, message: "No claim has the id “\(id)” in the latest run.")
        }
        return Self.rawJSON(record)
    }

    func apiFindings(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let kind = try Query.value(request, "kind")
        if let kind, Finding.Kind(rawValue: kind) == nil {
            throw HTTPError(.badRequest, message: "The parameter kind must be one of: \(Finding.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let run = try store.latestRun() else { return Self.rawList([], paging, total: 0) }
        let page = try store.findings(run: run.id, kind: kind, offset: paging.offset, limit: paging.perPage)
        return Self.rawList(page.items.map { JSONReport.json($0.finding) }, paging, total: page.total)
    }

    struct APIDuplicate: Encodable {
        var a: String
        var b: String
        var similarity: Double
        var containment: Double
        var kind: String
        var original: String?
        var evidence: String
    }

    func apiDuplicates(_ request: Request) throws -> Response {
        let paging = try Query.paging(request, configuration)
        let kind = try Query.value(request, "kind")
        if let kind, DuplicatePair.Kind(rawValue: kind) == nil {
            throw HTTPError(.badRequest, message: "The parameter kind must be near-duplicate or republication.")
        }
        let document = try Query.value(request, "document")
        guard let run = try store.latestRun() else { return try Self.json(APIList<APIDuplicate>(items: [], page: paging.page, perPage: paging.perPage, total: 0)) }
        let page = try store.duplicatePage(run: run.id, kind: kind, documentId: document, offset: paging.offset, limit: paging.perPage)
        let items = page.items.map {
            APIDuplicate(a: $0.a, b: $0.b, similarity: $0.similarity, containment: $0.containment, kind: $0.kind.rawValue, original: $0.original, evidence: $0.evidence)
        }
        return try Self.json(APIList(items: items, page: paging.page, perPage: paging.perPage, total: page.total))
    }

    /// A page of search hits; `cutShort` and `totalIsCapped` say when the time limit or the
    /// result cap stopped the search, and `message` what to do.
    struct APISearchPage: Encodable {
        var items: [APIHit]
        var page: Int
        var perPage: Int
        var total: Int
        var totalIsCapped: Bool
        var cutShort: Bool
        var message: String?
    }

    func apiSearch(_ request: Request) throws -> Response {
        guard let query = try Query.value(request, "q") else {
            throw HTTPError(.badRequest, message: "Give the words to search for with ?q=.")
        }
        let paging = try Query.paging(request, configuration)
        let page = try store.search(
            query, filter: try Query.filter(request), offset: paging.offset, limit: paging.perPage, open: Self.markOpen, close: Self.markClose,
            limits: searchLimits)
        let items = page.items.map { hit -> APIHit in
            var text = ""
            var highlights: [APIHit.Highlight] = []
            var count = 0
            var start: Int?
            for scalar in hit.snippet.unicodeScalars {
                if String(scalar) == Self.markOpen {
                    start = count
                } else if String(scalar) == Self.markClose {
                    if let s = start { highlights.append(.init(start: s, end: count)) }
                    start = nil
                } else {
                    text.unicodeScalars.append(scalar)
                    count += 1
                }
            }
            return APIHit(id: hit.documentId, title: hit.title, snippet: text, highlights: highlights, rank: hit.rank)
        }
        return try Self.json(
            APISearchPage(
                items: items, page: paging.page, perPage: paging.perPage, total: page.total, totalIsCapped: page.totalIsCapped,
                cutShort: page.cutShort, message: searchNotice(page, offset: paging.offset)))
    }
}
