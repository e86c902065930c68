import ClaimTrace
import ClaimTraceStore

/// The entities merged across every stored document (most documents first), which no query
/// can give: built once per change of the store and shared by all requests until the next
/// change. Claims, copies and findings are read page by page from the store instead.
struct CorpusSnapshot: Sendable {
    var version: String
    var run: RunInfo?
    var entities: [CorpusEntity]
    /// Document id → corpus entity id of each of its local entities.
    var entityIds: [String: [String]]
}

/// Caches the ``CorpusSnapshot`` keyed by ``ClaimTraceStore/version()``.
actor SnapshotCache {
    private var current: CorpusSnapshot?
    private var stats: (version: String, value: CorpusStats)?
    private var profiles: (version: String, value: [String: [String: Int]])?
    private let store: ClaimTraceStore

    init(store: ClaimTraceStore) { self.store = store }

    /// The snapshot of the store as it is now.
    /// - Complexity: one small query when nothing changed; otherwise reads every document
    ///   entity and merges them (O(n log n)).
    func snapshot() throws -> CorpusSnapshot {
        let version = try store.version()
        if let current, current.version == version { return current }
        let resolved = try store.corpusEntities()
        let snapshot = CorpusSnapshot(
            version: version, run: try store.latestRun(),
            entities: resolved.entities.sorted { ($0.documents.count, $0.name) > ($1.documents.count, $1.name) },
            entityIds: resolved.corpusId)
        current = snapshot
        return snapshot
    }

    /// The overview's counts (they scan every span, so they too wait for a change).
    func corpusStats() throws -> CorpusStats {
        let version = try store.version()
        if let stats, stats.version == version { return stats.value }
        let value = try store.stats()
        stats = (version, value)
        return value
    }

    /// Techniques per outlet.
    func techniqueProfiles() throws -> [String: [String: Int]] {
        let version = try store.version()
        if let profiles, profiles.version == version { return profiles.value }
        let value = try store.techniqueProfiles()
        profiles = (version, value)
        return value
    }
}
