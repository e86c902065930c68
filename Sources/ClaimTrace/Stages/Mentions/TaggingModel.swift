import Foundation

/// A trained token tagger with its features. Two ship with claimtrace, both trained on
/// CoNLL-2003's training part by `claimtrace train conll`:
/// - ``mentions``: names as PER, ORG, LOC and MISC chunks (mapped to claimtrace's entity types
///   by ``MentionExtractor``);
/// - ``phrases``: noun, verb and prepositional phrase chunks (NP, VP, PP, ...), which the
///   attribution stage uses for source and content boundaries.
public struct TaggingModel: Sendable {
    public let tagger: PerceptronTagger
    public let features: TaggerFeatures
    /// A second tagger stacked on the first: it reads the first one's tags of the whole
    /// sentence (``TaggerFeatures/addFirstPassFeatures(_:_:)``) and gives the final tags.
    public let stacked: PerceptronTagger?

    public init(tagger: PerceptronTagger, features: TaggerFeatures = TaggerFeatures(gazetteer: .shared), stacked: PerceptronTagger? = nil) {
        self.tagger = tagger
        self.features = features
        self.stacked = stacked
    }

    /// The name tagger shipped in `Resources/mentions.ctpt`, or nil when it is missing.
    public static let mentions: TaggingModel? = load("mentions")
    /// The phrase chunker shipped in `Resources/phrases.ctpt`, or nil when it is missing.
    public static let phrases: TaggingModel? = load("phrases")
    /// The attribution tagger (SOURCE, CUE, CONTENT spans) shipped in `Resources/attributions.ctpt`,
    /// trained on PolNeAR's training part; nil when it is missing.
    public static let attributions: TaggingModel? = load("attributions", features: .attribution).map { first in
        TaggingModel(tagger: first.tagger, features: first.features, stacked: load("attributions-stacked")?.tagger)
    }

    static func load(_ name: String, features: TaggerFeatures = TaggerFeatures(gazetteer: .shared)) -> TaggingModel? {
        guard let url = Bundle.module.url(forResource: name, withExtension: "ctpt"),
            let data = try? Data(contentsOf: url),
            let tagger = try? PerceptronTagger(serialized: [UInt8](data), name: url.path)
        else { return nil }
        return TaggingModel(tagger: tagger, features: features)
    }

    /// IOB tags for a sentence's words.
    public func tags(_ words: [String]) -> [String] {
        let first = tagger.tag(features.features(words), words: words).map { tagger.labels[$0] }
        guard let stacked else { return first }
        return stacked.tag(features.features(words, firstPass: first), words: words).map { stacked.labels[$0] }
    }

    /// The labels of CoNLL-2003 in a fixed order.
    public static let conllLabels = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]

    /// Which column of CoNLL data a model learns.
    public enum Column: String, Sendable {
        /// Named-entity tags (CoNLL's last column).
        case entities
        /// Phrase chunks (CoNLL's third column).
        case phrases
        /// Any other tags held in `tags`, with the labels found in the data.
        case custom

        func tags(_ s: CoNLL.Sentence) -> [String] { self == .phrases ? s.phrases : s.tags }
    }

    /// Trains on CoNLL-style sentences: `epochs` passes in a seeded shuffled order. The labels
    /// are those of `column` in the data, "O" first.
    public static func train(
        _ sentences: [CoNLL.Sentence], column: Column = .entities, epochs: Int,
        features: TaggerFeatures = TaggerFeatures(gazetteer: .shared), seed: UInt64 = 7, keep: Int = 200_000,
        firstPass: [[String]]? = nil, progress: (Int, Int) -> Void = { _, _ in }
    ) -> TaggingModel {
        let seen = Set(sentences.flatMap(column.tags)).subtracting(["O"])
        let labels = column == .entities ? conllLabels : ["O"] + seen.sorted()
        var trainer = PerceptronTrainer(labels: labels)
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let prepared = sentences.indices.filter { column.tags(sentences[$0]).count == sentences[$0].words.count }.map { k in
            let s = sentences[k]
            return (features.features(s.words, firstPass: firstPass?[k]), s.words, column.tags(s).map { index[$0] ?? 0 })
        }
        var order = Array(prepared.indices)
        var rng = SplitMix64(seed: seed)
        for epoch in 1...max(1, epochs) {
            order.shuffle(using: &rng)
            var errors = 0
            for i in order {
                let (f, w, g) = prepared[i]
                errors += trainer.train(features: f, words: w, gold: g)
            }
            progress(epoch, errors)
        }
        return TaggingModel(tagger: trainer.finish(keep: keep), features: features)
    }

    /// Exact-match chunk scores (conlleval) on CoNLL-style sentences.
    public func evaluate(_ sentences: [CoNLL.Sentence], column: Column = .entities) -> SpanScores {
        var scores = SpanScores()
        for s in sentences where column.tags(s).count == s.words.count {
            scores.add(gold: CoNLL.chunks(column.tags(s)), predicted: CoNLL.chunks(tags(s.words)))
        }
        return scores
    }
}
