import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore

/// What the corpus views need beyond single documents: the latest run's claims (most widespread
/// first), its copies, and the entities merged across every stored document. Built once per
/// change of the store and shared by all requests until the next change.
struct CorpusSnapshot: Sendable {
    var version: String
    var run: RunInfo?
    var claims: [ClaimCluster]
    var claimIndex: [String: Int]
    var duplicates: [DuplicatePair]
    var entities: [CorpusEntity]
    /// Document id → corpus entity id of each of its local entities.
    var entityIds: [String: [String]]
    var entityIndex: [String: Int]
}

/// Caches the ``CorpusSnapshot`` keyed by ``ClaimTraceStore/version()``.
actor SnapshotCache {
    private var current: CorpusSnapshot?
    private let store: ClaimTraceStore

    init(store: ClaimTraceStore) { self.store = store }

    /// The snapshot of the store as it is now.
    /// - Complexity: one small query when nothing changed; otherwise reads every claim of the
    ///   latest run and every document entity (O(n log n)).
    func snapshot() throws -> CorpusSnapshot {
        let version = try store.version()
        if let current, current.version == version { return current }
        let run = try store.latestRun()
        var claims: [ClaimCluster] = []
        var duplicates: [DuplicatePair] = []
        if let run {
            claims = try store.claims(run: run.id, offset: 0, limit: Int.max).items
            duplicates = try store.duplicates(run: run.id)
        }
        claims = HTMLReport.bySpread(claims)
        let resolved = try store.corpusEntities()
        var claimIndex: [String: Int] = [:]
        for (i, c) in claims.enumerated() { claimIndex[c.id] = i }
        var entityIndex: [String: Int] = [:]
        for (i, e) in resolved.entities.enumerated() { entityIndex[e.id] = i }
        let snapshot = CorpusSnapshot(
            version: version, run: run, claims: claims, claimIndex: claimIndex, duplicates: duplicates,
            entities: resolved.entities, entityIds: resolved.corpusId, entityIndex: entityIndex)
        current = snapshot
        return snapshot
    }
}
