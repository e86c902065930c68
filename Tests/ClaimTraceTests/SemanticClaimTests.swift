import Foundation
import Testing

@testable import ClaimTrace

/// The sentence-vector signal of the claim clusterer, on candidates built by hand: which
/// links the vectors may add, and which they may not.
@Suite struct SemanticClaimTests {
    /// A claim in `document` with one shared name, its own predicate, and a unit vector at
    /// `angle` in the plane of the first two axes.
    func candidate(_ document: String, predicate: String, angle: Double?) -> ClaimCandidate {
        let member = ClaimMember(
            at: SpanReference(document: document, start: 0, end: 10, text: "claim in \(document)"), attribution: nil,
            sourceKind: .unattributed, speaker: nil, entity: nil, country: nil, date: nil, copyOf: nil)
        let features = [
            ClaimFeature.make(ClaimFeature.entity, "islamic state"), ClaimFeature.make(ClaimFeature.predicate, predicate),
            ClaimFeature.make(ClaimFeature.word, predicate + "-word"),
        ].sorted()
        var claim = ClaimCandidate(member: member, localEntity: nil, outlet: nil, published: nil, features: features)
        if let angle {
            var unit = [Float](repeating: 0, count: 8)
            unit[0] = Float(cos(angle))
            unit[1] = Float(sin(angle))
            claim.setVector(unit)
        }
        return claim
    }

    func cluster(_ candidates: [ClaimCandidate], copies: [DuplicatePair] = []) -> [[String]] {
        ClaimClusterer().cluster(candidates, corpusEntity: { _, _ in nil }, entityCountry: { _ in nil }, copies: copies)
            .map { $0.members.map(\.at.document).sorted() }.sorted { $0.first! < $1.first! }
    }

    @Test func closeVectorsJoinClaimsWhoseWordsDiffer() {
        // cos(0.3) ≈ 0.955: the same proposition told with other words.
        let claims = [candidate("a", predicate: "relocate", angle: 0), candidate("b", predicate: "airlift", angle: 0.3)]
        #expect(cluster(claims) == [["a", "b"]])
        // Without vectors, the words alone do not link them.
        let bare = [candidate("a", predicate: "relocate", angle: nil), candidate("b", predicate: "airlift", angle: nil)]
        #expect(cluster(bare).isEmpty)
    }

    @Test func topicallyCloseVectorsDoNotLink() {
        // cos(0.8) ≈ 0.70: about the same actors, not the same proposition.
        let claims = [candidate("a", predicate: "relocate", angle: 0), candidate("b", predicate: "create", angle: 0.8)]
        #expect(cluster(claims).isEmpty)
    }

    @Test func copiesAndOneDocumentAreNotLinkedByVectors() {
        let same = [candidate("a", predicate: "relocate", angle: 0), candidate("a", predicate: "airlift", angle: 0.1)]
        #expect(cluster(same).isEmpty)
        let copy = DuplicatePair(a: "a", b: "b", similarity: 0.95, containment: 1, kind: .republication, original: "a", evidence: "test")
        let copied = [candidate("a", predicate: "relocate", angle: 0), candidate("b", predicate: "airlift", angle: 0.1)]
        #expect(cluster(copied, copies: [copy]).isEmpty)
    }

    @Test func vectorsNeverJoinTwoGroups() {
        // Two lexical groups (same predicate within each), one vector link between them.
        let claims = [
            candidate("a", predicate: "relocate", angle: 0), candidate("b", predicate: "relocate", angle: 0),
            candidate("c", predicate: "airlift", angle: 0.2), candidate("d", predicate: "airlift", angle: 0.2),
        ]
        #expect(cluster(claims) == [["a", "b"], ["c", "d"]])
    }
}
