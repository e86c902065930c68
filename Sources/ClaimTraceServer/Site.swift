import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore
import Foundation
import Hummingbird

/// What every route shares: the store, the configuration, the corpus snapshot and the uploader.
struct Site: Sendable {
    let store: ClaimTraceStore
    let configuration: ServerConfiguration
    let cache: SnapshotCache
    let uploader: Uploader

    init(store: ClaimTraceStore, configuration: ServerConfiguration, pipeline: Pipeline) {
        self.store = store
        self.configuration = configuration
        self.cache = SnapshotCache(store: store)
        self.uploader = Uploader(store: store, pipeline: pipeline, maxBytes: configuration.maxUploadBytes)
    }

    /// Where the shared views link to in the app.
    static let links = ReportLinks(
        document: { id, anchor in "/documents/" + Query.encodePath(id) + (anchor.map { "#d0-" + $0 } ?? "") },
        claim: { "/claims/" + Query.encode($0) })

    /// The shared views, knowing the titles and outlets of the given documents and the copies
    /// among them.
    func views(documents ids: some Sequence<String>, run: RunInfo?) throws -> ReportViews {
        let unique = Array(Set(ids))
        let summaries = try store.summaries(unique)
        let duplicates = try run.map { try store.duplicates(run: $0.id, among: unique) } ?? []
        return ReportViews(
            titles: summaries.compactMapValues(\.title), outlets: summaries.compactMapValues(\.outlet),
            duplicates: duplicates, links: Self.links)
    }

    /// The document id of a `/documents/...` or `/api/v1/documents/...` path (ids may hold slashes).
    static func documentId(_ context: some RequestContext) throws -> String {
        let parts = context.parameters.getCatchAll()
        let joined = parts.joined(separator: "/")
        guard !joined.isEmpty, let id = joined.removingPercentEncoding, id.count <= 2000 else {
            throw HTTPError(.notFound, message: "No document has this id.")
        }
        return id
    }
}
