import Foundation

/// The trained tagger that finds names in a token sequence, with its features: PER, ORG, LOC
/// and MISC chunks in CoNLL-2003's scheme (mapped to claimtrace's entity types by the mention
/// stage).
public struct MentionModel: Sendable {
    public let tagger: PerceptronTagger
    public let features: TaggerFeatures

    public init(tagger: PerceptronTagger, features: TaggerFeatures = TaggerFeatures(gazetteer: .shared)) {
        self.tagger = tagger
        self.features = features
    }

    /// The model shipped in `Resources/mentions.ctpt`, or nil when it is missing.
    public static let shared: MentionModel? = {
        guard let url = Bundle.module.url(forResource: "mentions", withExtension: "ctpt"),
            let data = try? Data(contentsOf: url),
            let tagger = try? PerceptronTagger(serialized: [UInt8](data), name: url.path)
        else { return nil }
        return MentionModel(tagger: tagger)
    }()

    /// IOB tags for a sentence's words.
    public func tags(_ words: [String]) -> [String] {
        tagger.tag(features.features(words), words: words).map { tagger.labels[$0] }
    }

    /// The labels of CoNLL-2003 in a fixed order.
    public static let conllLabels = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]

    /// Trains on CoNLL-style sentences: `epochs` passes in a seeded shuffled order.
    public static func train(
        _ sentences: [CoNLL.Sentence], epochs: Int, features: TaggerFeatures = TaggerFeatures(gazetteer: .shared),
        seed: UInt64 = 7, keep: Int = 200_000, progress: (Int, Int) -> Void = { _, _ in }
    ) -> MentionModel {
        var trainer = PerceptronTrainer(labels: conllLabels)
        let index = Dictionary(uniqueKeysWithValues: conllLabels.enumerated().map { ($1, $0) })
        let prepared = sentences.map { s in
            (features.features(s.words), s.words, s.tags.map { index[$0] ?? 0 })
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
        return MentionModel(tagger: trainer.finish(keep: keep), features: features)
    }

    /// Exact-match entity scores (conlleval) on CoNLL-style sentences.
    public func evaluate(_ sentences: [CoNLL.Sentence]) -> SpanScores {
        var scores = SpanScores()
        for s in sentences {
            scores.add(gold: CoNLL.chunks(s.tags), predicted: CoNLL.chunks(tags(s.words)))
        }
        return scores
    }
}
