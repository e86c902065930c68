import Foundation

/// Learns the weights of ``ClaimPairScorer`` on our story set, and measures them by
/// leave-one-story-out cross-validation (`claimtrace eval claims --train-weights FILE`).
///
/// Each story is read and analysed once. Its claim candidates are clustered with the
/// ``ClaimClusterer``, which reports every pair it scores with its signals; a pair whose two
/// claims both overlap gold tellings is an example, positive when the tellings are of one gold
/// claim (a claim takes the telling it overlaps most). A logistic regression is fitted by
/// full-batch gradient descent from zero weights (no random draw: the same data give the same
/// weights in every run). Cross-validation trains on all stories but one, clusters the one left
/// out with those weights and scores it; the micro scores over the held-out stories are the
/// cross-validated ones.
public enum ClaimPairTraining {
    /// One story read, its candidates and copies ready to cluster again and again.
    public struct Prepared: Sendable {
        public var story: ClaimStories.Story
        public var documents: [AnalyzedDocument]
        public var gold: [(file: String, start: Int, end: Int)]
        /// With sentence vectors when an encoder was given.
        public var candidates: [ClaimCandidate]
        public var copies: [DuplicatePair]
        /// Each candidate's gold claim, when it overlaps a telling.
        public var claimOf: [String?]
    }

    /// Reads a story; `embed` gives its candidates sentence vectors.
    public static func prepare(_ story: ClaimStories.Story, runner: CorpusRunner = CorpusRunner(), embed: (([String]) -> [[Float]])?) throws
        -> Prepared
    {
        let (documents, gold) = try ClaimStories.read(story, runner: runner)
        var candidates = documents.flatMap(\.claimCandidates)
        if let embed, !candidates.isEmpty {
            for (k, v) in embed(candidates.map(\.text)).enumerated() where k < candidates.count { candidates[k].setVector(v) }
        }
        let copies = CorpusAccumulator.analyze(documents).duplicates
        let fileOf = Dictionary(documents.map { ($0.id, ($0.id as NSString).lastPathComponent) }, uniquingKeysWith: { a, _ in a })
        let claimOf = candidates.map { c -> String? in
            let file = fileOf[c.member.at.document] ?? c.member.at.document
            var best: (claim: String, overlap: Int)?
            for (t, span) in zip(story.tellings, gold) where span.file == file {
                let overlap = min(span.end, c.member.at.end) - max(span.start, c.member.at.start)
                if overlap > 0, overlap > best?.overlap ?? 0 { best = (t.claim, overlap) }
            }
            return best?.claim
        }
        return Prepared(story: story, documents: documents, gold: gold, candidates: candidates, copies: copies, claimOf: claimOf)
    }

    /// A labelled pair: its signals and whether it is one claim.
    public typealias Example = (signals: [Double], same: Bool)

    /// The clusters of a prepared story under `scorer` (without vectors unless `vectors`),
    /// and the labelled pairs scored on the way.
    static func run(_ p: Prepared, scorer: ClaimPairScorer, vectors: Bool, averageLink: Double = ClaimClusterer().averageLink)
        -> (clusters: [ClaimCluster], examples: [Example])
    {
        var candidates = p.candidates
        if !vectors { for k in candidates.indices { candidates[k].vector = nil } }
        var clusterer = ClaimClusterer()
        clusterer.scorer = scorer
        clusterer.averageLink = averageLink
        var examples: [Example] = []
        let clusters = clusterer.cluster(candidates, corpusEntity: { _, _ in nil }, entityCountry: { _ in nil }, copies: p.copies) { i, j, x in
            guard let a = p.claimOf[Int(i)], let b = p.claimOf[Int(j)] else { return }
            examples.append((x, a == b))
        }
        return (clusters, examples)
    }

    /// Logistic regression by full-batch gradient descent from zero: bias first, then one
    /// weight per signal; L2 penalty `l2` on the weights (not the bias).
    /// - Complexity: O(iterations × examples × signals).
    public static func fit(_ examples: [Example], l2: Double = 0.001, iterations: Int = 3000, rate: Double = 1.0) -> [Double] {
        let d = ClaimPairScorer.signalNames.count
        var w = [Double](repeating: 0, count: d + 1)
        guard !examples.isEmpty else { return w }
        let n = Double(examples.count)
        for _ in 0..<iterations {
            var g = [Double](repeating: 0, count: d + 1)
            for (x, y) in examples {
                let err = ClaimPairScorer.logistic(w, x) - (y ? 1 : 0)
                g[0] += err
                for k in 0..<d { g[k + 1] += err * x[k] }
            }
            w[0] -= rate * g[0] / n
            for k in 0..<d { w[k + 1] -= rate * (g[k + 1] / n + l2 * w[k + 1]) }
        }
        return w
    }

    /// The result of training: the weights learned on all stories, and the scores in-sample
    /// and cross-validated (leave one story out), without vectors and, when the stories have
    /// them, with.
    public struct Report: Sendable {
        public var scorer: ClaimPairScorer
        public var examples: (lexical: Int, positive: Int)
        public var inSample: ClusterScores
        public var crossValidated: ClusterScores
        public var perStory: [(name: String, inSample: ClusterScores, crossValidated: ClusterScores)]
        public var semanticInSample: ClusterScores?
        public var semanticCrossValidated: ClusterScores?
        /// Cross-validated micro B-cubed F1 (without vectors, and with when there are vectors)
        /// for each value of ``ClaimClusterer/averageLink`` tried.
        public var averageLinkSweep: [(averageLink: Double, lexical: Double, semantic: Double?)] = []
    }

    /// Trains on all stories and cross-validates. The examples are the pairs the clusterer
    /// scores with `start`'s weights (blocking and polarity do not depend on the weights).
    public static func train(_ stories: [Prepared], start: ClaimPairScorer = .shipped) -> Report {
        let vectors = stories.contains { $0.candidates.contains { $0.vector != nil } }
        let lexicalExamples = stories.map { run($0, scorer: start, vectors: false).examples }
        let semanticExamples = vectors ? stories.map { run($0, scorer: start, vectors: true).examples } : lexicalExamples
        func scorer(_ held: Int?) -> ClaimPairScorer {
            let keep = { (k: Int) in k != held }
            let lexical = fit(lexicalExamples.indices.filter(keep).flatMap { lexicalExamples[$0] })
            let semantic = vectors ? fit(semanticExamples.indices.filter(keep).flatMap { semanticExamples[$0] }) : lexical
            return ClaimPairScorer(lexical: lexical, semantic: semantic)
        }
        func score(_ k: Int, _ s: ClaimPairScorer, vectors: Bool, averageLink: Double = ClaimClusterer().averageLink) -> ClusterScores {
            let p = stories[k]
            let clusters = run(p, scorer: s, vectors: vectors, averageLink: averageLink).clusters
            return ClaimStories.score(p.story, gold: p.gold, documents: p.documents, clusters: clusters).scores
        }
        let all = scorer(nil)
        // Each story's weights learned without it (one fit per fold, used by the scores and the sweep).
        let folds = stories.indices.map(scorer)
        var report = Report(
            scorer: all, examples: (lexicalExamples.joined().count, lexicalExamples.joined().filter(\.same).count),
            inSample: ClusterScores(), crossValidated: ClusterScores(), perStory: [])
        var semanticIn = ClusterScores()
        var semanticCV = ClusterScores()
        for k in stories.indices {
            let held = folds[k]
            let inSample = score(k, all, vectors: false)
            let cv = score(k, held, vectors: false)
            report.inSample = report.inSample + inSample
            report.crossValidated = report.crossValidated + cv
            report.perStory.append((stories[k].story.name, inSample, cv))
            if vectors {
                semanticIn = semanticIn + score(k, all, vectors: true)
                semanticCV = semanticCV + score(k, held, vectors: true)
            }
        }
        if vectors {
            report.semanticInSample = semanticIn
            report.semanticCrossValidated = semanticCV
        }
        for averageLink in [0, 0.1, 0.2, 0.3, 0.4, 0.5] {
            func cv(_ vectors: Bool) -> Double {
                stories.indices.reduce(ClusterScores()) { $0 + score($1, folds[$1], vectors: vectors, averageLink: averageLink) }.bcubedF1
            }
            report.averageLinkSweep.append((averageLink, cv(false), vectors ? cv(true) : nil))
        }
        return report
    }
}
