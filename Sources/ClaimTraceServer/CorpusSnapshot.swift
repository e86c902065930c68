import ClaimTrace
import ClaimTraceStore
import Foundation

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

/// Caches the ``CorpusSnapshot`` and the overview's counts, keyed by
/// ``ClaimTraceStore/version()``. Called from the read threads (see ``Site/read(_:)``).
final class SnapshotCache: Sendable {
    private let store: ClaimTraceStore
    private let entities = VersionedValue<CorpusSnapshot>()
    private let stats = VersionedValue<CorpusStats>()
    private let profiles = VersionedValue<[String: [String: Int]]>()

    init(store: ClaimTraceStore) { self.store = store }

    /// The snapshot of the store as it is now.
    /// - Complexity: one small query when nothing changed; otherwise reads every document
    ///   entity and merges them (O(n log n)).
    func snapshot() throws -> CorpusSnapshot {
        try entities.value(for: store.version()) { version in
            let resolved = try store.corpusEntities()
            return CorpusSnapshot(
                version: version, run: try store.latestRun(),
                entities: resolved.entities.sorted { ($0.documents.count, $0.name) > ($1.documents.count, $1.name) },
                entityIds: resolved.corpusId)
        }
    }

    /// The overview's counts (they scan every span, so they too wait for a change).
    func corpusStats() throws -> CorpusStats {
        try stats.value(for: store.version()) { _ in try store.stats() }
    }

    /// Techniques per outlet.
    func techniqueProfiles() throws -> [String: [String: Int]] {
        try profiles.value(for: store.version()) { _ in try store.techniqueProfiles() }
    }
}

/// One value computed for a version of the store and kept until the version changes. A request
/// that finds it stale computes it while the others wanting it wait on the lock, rather than
/// all computing it at once.
final class VersionedValue<Value: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `cached` is only read and written under `lock`.
    private let lock = NSLock()
    private var cached: (version: String, value: Value)?

    func value(for version: String, compute: (String) throws -> Value) throws -> Value {
        try lock.withLock {
            if let cached, cached.version == version { return cached.value }
            let value = try compute(version)
            cached = (version, value)
            return value
        }
    }
}
