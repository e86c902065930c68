import Foundation
import Testing

@testable import ClaimTrace

/// The sentence-vector signal of the claim clusterer (the cosine in the learned pair scorer),
/// on candidates built by hand: which links the vectors may add, and which they may not.
@Suite struct SemanticClaimTests {
    /// A claim in `document` with one shared name, its own word, and a unit vector at
    /// `angle` in the plane of the first two axes.
    func candidate(_ document: String, predicate: String, angle: Double?) -> ClaimCandidate {
        let member = ClaimMember(
            at: SpanReference(document: document, start: 0, end: 10, text: "claim in \(document)"), attribution: nil,
            sourceKind: .unattributed, speaker: nil, entity: nil, country: nil, date: nil, copyOf: nil)
        let features = [
            ClaimFeature.make(ClaimFeature.entity, "islamic state"), ClaimFeature.make(ClaimFeature.term, predicate),
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
}

/// The pair scorer's signals and weights file, and the figure marks.
@Suite struct ClaimPairScorerTests {
    @Test func figuresWithinTheirBoundsShareAMarkAndOthersDoNot() {
        func share(_ a: Double, _ b: Double) -> Bool { !Set(ClaimFeature.figure(a)).isDisjoint(with: ClaimFeature.figure(b)) }
        #expect(share(30, 30))
        #expect(share(12_500_000, 13_000_000))
        #expect(share(1_400, 1_450))
        #expect(!share(30, 80))
        #expect(!share(12_500_000, 20_000_000))
        #expect(ClaimFeature.figure(0).isEmpty)
    }

    @Test func theShippedWeightsReadBackAndAMalformedFileIsNamed() throws {
        let shipped = ClaimPairScorer.shipped
        #expect(shipped.lexical.count == ClaimPairScorer.signalNames.count + 1)
        let again = try ClaimPairScorer(parsing: shipped.text(comment: "test"), name: "again.txt")
        #expect(zip(again.lexical, shipped.lexical).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(throws: ClaimPairScorer.FormatError.self) { try ClaimPairScorer(parsing: "lexical\tbias\tmany\n", name: "bad.txt") }
        do {
            _ = try ClaimPairScorer(parsing: "lexical\tbias\t1\n", name: "short.txt")
            Issue.record("a file without every weight was accepted")
        } catch {
            #expect(error.description.contains("short.txt"))
        }
    }

    @Test func sharedWordsAndAgreeingFiguresRaiseTheProbabilityDifferingFiguresLowerIt() {
        let s = ClaimPairScorer.shipped
        // entities, words, jaccard, figuresAgree, figuresDiffer, cosine, sameDocument
        let base = s.probability([1, 0.2, 0.2, 0, 0, 0, 0], semantic: false)
        #expect(s.probability([1, 0.8, 0.5, 0, 0, 0, 0], semantic: false) > base)
        #expect(s.probability([1, 0.2, 0.2, 1, 0, 0, 0], semantic: false) > base)
        #expect(s.probability([1, 0.2, 0.2, 0, 1, 0, 0], semantic: false) < base)
    }

    @Test func aChainOfPairwiseLinksDoesNotJoinClaimsThatShareNothing() {
        // Claim k shares a name with all and three words with claims k-1 and k+1 only.
        let claims = (0..<5).map { k in
            let words = (0..<3).map { "g\(k)-\($0)" } + (0..<3).map { "g\(k + 1)-\($0)" }
            let features = ([ClaimFeature.make(ClaimFeature.entity, "velka")] + words.map { ClaimFeature.make(ClaimFeature.word, $0) }).sorted()
            let member = ClaimMember(
                at: SpanReference(document: "d\(k)", start: 0, end: 10, text: "claim \(k)"), attribution: nil,
                sourceKind: .unattributed, speaker: nil, entity: nil, country: nil, date: nil, copyOf: nil)
            return ClaimCandidate(member: member, localEntity: nil, outlet: nil, published: nil, features: features)
        }
        var clusterer = ClaimClusterer()
        let weights = [-3.0, 0, 10, 0, 0, 0, 0, 0]  // bias, then the words signal only
        clusterer.scorer = ClaimPairScorer(lexical: weights, semantic: weights)
        func groups(_ averageLink: Double) -> [[String]] {
            clusterer.averageLink = averageLink
            return clusterer.cluster(claims, corpusEntity: { _, _ in nil }, entityCountry: { _ in nil }, copies: [])
                .map { $0.members.map(\.at.document).sorted() }
        }
        #expect(groups(0) == [["d0", "d1", "d2", "d3", "d4"]])
        // Neighbours still join; the ends of the chain do not.
        let apart = groups(0.3)
        #expect(!apart.isEmpty)
        #expect(!apart.contains { $0.contains("d0") && $0.contains("d4") })
        #expect(ClaimClusterer().averageLink == 0.3)
    }

    @Test func theTrainerFitsSeparableExamples() {
        let examples: [ClaimPairTraining.Example] = (0..<20).map { k in ([0.5, Double(k) / 20, 0, 0, 0, 0, 0], k >= 10) }
        let w = ClaimPairTraining.fit(examples)
        let s = ClaimPairScorer(lexical: w, semantic: w)
        #expect(s.probability([0.5, 0.9, 0, 0, 0, 0, 0], semantic: false) > 0.5)
        #expect(s.probability([0.5, 0.1, 0, 0, 0, 0, 0], semantic: false) < 0.5)
        #expect(ClaimPairTraining.fit(examples) == w)  // deterministic
    }
}
