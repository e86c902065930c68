import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore
import Foundation
import HTTPTypes
import Hummingbird

/// What every route shares: the store, the configuration, the corpus snapshot, the upload queue,
/// and the gates that keep slow requests from holding up the others.
///
/// Store reads block their thread (SQLite), so no handler reads on Swift's cooperative pool,
/// whose few threads (one per core) every request needs: ``read(_:)`` runs a handler's work on a
/// thread of its own, at most ``readThreads`` at once, and ``search(_:)`` lets at most
/// `concurrentSearches` searches run at once, apart from the other reads, so that a burst of
/// searches cannot take every reader.
struct Site: Sendable {
    let store: ClaimTraceStore
    let configuration: ServerConfiguration
    let cache: SnapshotCache
    let uploader: Uploader
    let uploads: UploadQueue
    let reads: Gate
    let searches: Gate

    /// Reads other than searches running at once (with the searches, the store's readers).
    static let readThreads = 6

    init(store: ClaimTraceStore, configuration: ServerConfiguration, pipeline: Pipeline, onUploadAnalyzed: @escaping UploadHook) {
        self.store = store
        self.configuration = configuration
        self.cache = SnapshotCache(store: store)
        self.uploader = Uploader(
            store: store, pipeline: pipeline, maxBytes: configuration.maxUploadBytes, capacity: configuration.uploadQueueCapacity)
        self.uploads = UploadQueue(uploader: uploader, hook: onUploadAnalyzed)
        self.reads = Gate(name: "reads", limit: Self.readThreads, maxWaiting: 1000)
        self.searches = Gate(name: "searches", limit: configuration.concurrentSearches, maxWaiting: 64)
    }

    /// Runs `body` (store reads, page building) on a thread of its own, once a read slot is free.
    func read(_ body: @escaping @Sendable () throws -> Response) async throws -> Response {
        try await reads.run { try await Blocking.run(body) }
    }

    /// Runs a search: like ``read(_:)``, but in its own, smaller lane.
    func search(_ body: @escaping @Sendable () throws -> Response) async throws -> Response {
        try await searches.run { try await Blocking.run(body) }
    }

    /// The limits of one search, from the configuration.
    var searchLimits: SearchLimits {
        SearchLimits(timeBudget: configuration.searchTimeout, maxCounted: configuration.searchResultCap)
    }

    /// What to tell a reader when a search was cut short or its count capped; nil otherwise.
    func searchNotice(_ page: SearchPage, offset: Int) -> String? {
        let seconds = configuration.searchTimeout.components.seconds
        let budget = seconds >= 1 ? "\(seconds) s" : "\(configuration.searchTimeout)"
        if page.cutShort {
            return "The search was stopped after \(budget), its time limit, so the results may be incomplete: use more specific or rarer words, or a filter."
        }
        if offset >= configuration.searchResultCap {
            return "Only the first \(configuration.searchResultCap) matches can be paged through: use more specific words or a filter."
        }
        if page.totalIsCapped {
            return "More than \(configuration.searchResultCap) documents match; the first \(configuration.searchResultCap) by relevance can be paged through."
        }
        return nil
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

    /// A 404 for a document id that is not stored, saying so when an upload of it is still
    /// being analysed.
    func missingDocument(_ id: String) throws -> HTTPError {
        if let pending = try store.pendingUploads().first(where: { $0.documentId == id }) {
            return HTTPError(
                .notFound,
                message: "The document “\(id)” is still being analysed (upload \(pending.id) is \(pending.status.rawValue)): see \(UploadQueue.page(pending.id)).")
        }
        return HTTPError(.notFound, message: "No document has the id “\(id)”.")
    }
}

/// At most `limit` holders at once; the others wait their turn in order, suspended (no thread
/// is blocked), up to `maxWaiting` of them; beyond that a request is refused with 503 and
/// `Retry-After`.
actor Gate {
    let name: String
    let limit: Int
    let maxWaiting: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(name: String, limit: Int, maxWaiting: Int) {
        self.name = name
        self.limit = limit
        self.maxWaiting = maxWaiting
    }

    func enter() async throws {
        if holders < limit {
            holders += 1
            return
        }
        guard waiting.count < maxWaiting else {
            throw HTTPError(
                .serviceUnavailable, headers: [.retryAfter: "2"],
                message: "The server is busy (\(waiting.count) \(name) are waiting their turn); try again in a few seconds.")
        }
        // The slot is handed over by `leave`, so `holders` already counts this one.
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            holders -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Holders now, and how many wait (for tests and logs).
    var holderCount: Int { holders }
    var waitingCount: Int { waiting.count }

    /// Runs `body` holding a slot.
    nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await enter()
        do {
            let value = try await body()
            await leave()
            return value
        } catch {
            await leave()
            throw error
        }
    }
}

/// Runs blocking work (SQLite, the analysis pipeline) on a thread that is not one of Swift's
/// cooperative threads.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            // A serial queue of its own targets an overcommitting root queue, which starts a
            // thread when none is free (a concurrent queue would wait for one). The gates bound
            // how many run at once.
            DispatchQueue(label: "claimtrace.blocking").async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
