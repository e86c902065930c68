/// Generates news-like articles for benchmarks and scale tests: deterministic for a seed,
/// with the shapes real input has (title, byline, dateline, quotes, attributions, figures,
/// site furniture at the end). The vocabulary is our own.
public struct SyntheticCorpus: Sendable {
    public let seed: UInt64

    public init(seed: UInt64 = 42) { self.seed = seed }

    private static let subjects = [
        "The ministry", "A senior official", "The regional governor", "Local authorities", "The envoy",
        "Deputy Minister Lorn Ashby", "Col. Gen. Petra Valk", "Dr. Ilse Moren", "The company", "Witnesses",
        "Sources in the capital", "Many experts", "Analysts", "The U.S. embassy", "Maj. Gen. Tomas Reyl",
    ]
    private static let verbs = ["said", "claimed", "warned", "stated", "noted", "told reporters", "insisted", "denied"]
    private static let objects = [
        "the shipments crossed the border at night", "the river had been polluted for months",
        "nearly 400 barrels were moved last week", "more than 1,000 tonnes of waste were found",
        "the convoy was escorted by unmarked vehicles", "the plant had been funded from abroad",
        "the investigation would take another year", "officials had ignored repeated warnings",
        "the drivers were paid in cash", "the samples showed unusual levels of solvents",
    ]
    private static let places = ["Mesk", "the Tavri crossing", "the northern province", "the coast", "the capital"]
    private static let furniture = [
        "Share this: Facebook Twitter Email", "Become a member and support our work",
        "Disclaimer: The views expressed in this article are solely those of the author.",
        "Related: Officials meet to discuss the river", "Featured image: the river at dawn (Photo: staff)",
        "Copyright © 2025 The Example Herald. All rights reserved.",
    ]

    /// The text of article `index` (about `paragraphs` paragraphs of four sentences each).
    /// `varied` puts an invented place name into every place reference, so that articles are
    /// not copies of one another (as real articles are not).
    public func article(_ index: Int, paragraphs: Int = 8, varied: Bool = false) -> String {
        var rng = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        func pick(_ list: [String]) -> String {
            let base = list[Int(rng.next() % UInt64(list.count))]
            guard varied, list == Self.places else { return base }
            let syllables = ["ka", "ro", "mi", "ten", "sul", "va", "dor", "li", "bes", "an", "ko", "rel", "ta", "min", "os"]
            return (0..<3).map { _ in syllables[Int(rng.next() % UInt64(syllables.count))] }.joined().capitalizedFirst
        }
        let day = Int(rng.next() % 28) + 1
        let month = ["January", "February", "March", "April", "May", "June"][Int(rng.next() % 6)]
        var text = "# Report \(index): \(pick(Self.objects).capitalizedFirst) near \(pick(Self.places))\n\n"
        text += "By Staff Writer \(index % 97)\n\nThe Example Herald, \(month) \(day), 2025\n\n"
        for _ in 0..<paragraphs {
            var sentences: [String] = []
            for k in 0..<4 {
                switch (k + Int(rng.next() % 3)) % 3 {
                case 0:
                    sentences.append("\(pick(Self.subjects)) \(pick(Self.verbs)) that \(pick(Self.objects)) near \(pick(Self.places)).")
                case 1:
                    sentences.append("\u{201C}\(pick(Self.objects).capitalizedFirst),\u{201D} \(pick(Self.subjects).lowercasedFirst) \(pick(Self.verbs)).")
                default:
                    sentences.append("According to \(pick(Self.subjects).lowercasedFirst), \(pick(Self.objects)) on \(month) \(day).")
                }
            }
            text += sentences.joined(separator: " ") + "\n\n"
        }
        text += "---\n\n"
        for _ in 0..<3 { text += pick(Self.furniture) + "\n\n" }
        return text
    }
}

extension SyntheticCorpus {
    /// An article of invented words (a 3,375-word vocabulary of three-syllable words mixed with
    /// common English words), so that unrelated articles share almost no 5-word sequences:
    /// the right input for measuring near-duplicate detection.
    public func independentArticle(_ index: Int, paragraphs: Int = 8) -> String {
        var rng = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        let syllables = ["ka", "ro", "mi", "ten", "sul", "va", "dor", "li", "bes", "an", "ko", "rel", "ta", "min", "os"]
        let common = ["the", "of", "and", "said", "in", "that", "to", "a", "on", "was"]
        func word() -> String {
            if rng.next() % 4 == 0 { return common[Int(rng.next() % UInt64(common.count))] }
            return (0..<3).map { _ in syllables[Int(rng.next() % UInt64(syllables.count))] }.joined()
        }
        var text = "# " + (0..<6).map { _ in word() }.joined(separator: " ").capitalizedFirst + "\n\n"
        for _ in 0..<paragraphs {
            let sentences = (0..<4).map { _ in (0..<14).map { _ in word() }.joined(separator: " ").capitalizedFirst + "." }
            text += sentences.joined(separator: " ") + "\n\n"
        }
        text += "---\n\nShare this: Facebook Twitter Email\n\nBecome a member and support our work\n\n© 2025 The Example Herald. All rights reserved.\n\nRelated: Officials meet to discuss the river"
        return text
    }
}

/// A small, fast, seedable generator (SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    var lowercasedFirst: String {
        // Keep proper names and titles ("Dr.", "Col. Gen.") capitalised.
        let first = split(separator: " ").first.map(String.init) ?? ""
        return ["The", "A", "Local", "Many", "Analysts", "Sources", "Witnesses"].contains(first)
            ? prefix(1).lowercased() + dropFirst() : self
    }
}
