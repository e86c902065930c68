/// The features of each token of a sentence for the mention tagger: the word, its shape,
/// affixes, its neighbours, and the gazetteer entries it falls in.
public struct TaggerFeatures: Sendable {
    public let gazetteer: Gazetteer
    /// Reporting verbs; when given, each token also gets the features of its place in a
    /// reported statement (see ``addStatementFeatures(_:lower:shapes:cues:)``), for the attribution tagger.
    public let cues: Set<String>?

    public init(gazetteer: Gazetteer, cues: Set<String>? = nil) {
        self.gazetteer = gazetteer
        self.cues = cues
    }

    /// The features of the attribution tagger: the name tagger's, and those of each token's
    /// place in a reported statement.
    public static let attribution = TaggerFeatures(gazetteer: .shared, cues: Lexicon.shared.attributionCues)

    /// Feature hashes per token.
    /// - Complexity: O(tokens × features), plus the gazetteer's phrase matching.
    /// `firstPass`: another tagger's tags for the same words, when this model is stacked on
    /// it (see ``addFirstPassFeatures(_:_:)``).
    public func features(_ words: [String], firstPass: [String]? = nil) -> [[UInt64]] {
        let lower = words.map { $0.lowercased() }
        let shapes = words.map(Self.shape)
        let gazetteerTags = gazetteer.tags(words)
        var out: [[UInt64]] = []
        out.reserveCapacity(words.count)
        // Whole sentence in capitals (headlines): capitalisation then means little. Decided
        // once per sentence, not once per token (that was quadratic in the sentence's length).
        let allCapitals = words.count > 2 && words.allSatisfy { $0 == $0.uppercased() }
        func word(_ i: Int) -> String { i < 0 ? "<s>" : i >= words.count ? "</s>" : lower[i] }
        func shape(_ i: Int) -> String { i < 0 ? "<s>" : i >= words.count ? "</s>" : shapes[i] }
        for i in words.indices {
            let w = lower[i]
            let original = words[i]
            var f: [UInt64] = []
            f.reserveCapacity(48)
            f.append(FeatureHash.of(0, "bias"))
            f.append(FeatureHash.of(1, w))
            f.append(FeatureHash.of(2, original))
            f.append(FeatureHash.of(3, shapes[i]))
            f.append(FeatureHash.of(4, Self.shortShape(shapes[i])))
            let scalars = Array(w.unicodeScalars)
            for n in 1...4 where scalars.count >= n {
                f.append(FeatureHash.of(UInt8(5 + n), String(String.UnicodeScalarView(scalars.suffix(n)))))
                if n <= 3 { f.append(FeatureHash.of(UInt8(10 + n), String(String.UnicodeScalarView(scalars.prefix(n))))) }
            }
            f.append(FeatureHash.of(20, word(i - 1)))
            f.append(FeatureHash.of(21, word(i + 1)))
            f.append(FeatureHash.of(22, word(i - 2)))
            f.append(FeatureHash.of(23, word(i + 2)))
            f.append(FeatureHash.of(24, word(i - 1), w))
            f.append(FeatureHash.of(25, w, word(i + 1)))
            f.append(FeatureHash.of(26, shape(i - 1)))
            f.append(FeatureHash.of(27, shape(i + 1)))
            f.append(FeatureHash.of(28, shape(i - 1), shapes[i]))
            f.append(FeatureHash.of(29, shapes[i], shape(i + 1)))
            f.append(FeatureHash.of(30, i == 0 ? "first" : i == words.count - 1 ? "last" : "mid"))
            if i == 0 { f.append(FeatureHash.of(31, shapes[i])) }
            if allCapitals { f.append(FeatureHash.of(32, "allcaps-sentence")) }
            for tag in gazetteerTags[i] {
                f.append(FeatureHash.of(40, tag))
                f.append(FeatureHash.of(41, tag, shapes[i]))
            }
            for tag in gazetteerTags[safe: i - 1] ?? [] { f.append(FeatureHash.of(42, tag)) }
            for tag in gazetteerTags[safe: i + 1] ?? [] { f.append(FeatureHash.of(43, tag)) }
            out.append(f)
        }
        if let cues { Self.addStatementFeatures(&out, lower: lower, shapes: shapes, cues: cues) }
        if let firstPass, firstPass.count == words.count { Self.addFirstPassFeatures(&out, firstPass) }
        return out
    }

    /// What a first tagger found in the whole sentence, for a second one stacked on it: the
    /// first tag of the token and its neighbours, and how far the first tagger's nearest cue and
    /// source lie on each side, so the second sees to its right what the first decided there.
    /// - Complexity: O(tokens) per sentence.
    static func addFirstPassFeatures(_ out: inout [[UInt64]], _ tags: [String]) {
        let n = tags.count
        func type(_ k: Int) -> String { k < 0 ? "<s>" : k >= n ? "</s>" : String(tags[k].drop { $0 != "-" }.dropFirst()) }
        func bucket(_ d: Int) -> String { d < 0 ? "none" : d <= 2 ? String(d) : d <= 5 ? "3-5" : d <= 10 ? "6-10" : "11+" }
        let cue = distances(n) { type($0) == "CUE" }
        let source = distances(n) { type($0) == "SOURCE" }
        let hasContent = tags.contains { $0.hasSuffix("CONTENT") }
        for i in 0..<n {
            let t = tags[i]
            out[i].append(FeatureHash.of(70, t))
            out[i].append(FeatureHash.of(71, type(i - 1), t))
            out[i].append(FeatureHash.of(72, t, type(i + 1)))
            out[i].append(FeatureHash.of(73, bucket(cue.right[i])))
            out[i].append(FeatureHash.of(74, bucket(cue.left[i])))
            out[i].append(FeatureHash.of(75, bucket(source.right[i])))
            out[i].append(FeatureHash.of(76, bucket(source.left[i])))
            out[i].append(FeatureHash.of(77, t, bucket(cue.right[i])))
            out[i].append(FeatureHash.of(78, t, bucket(cue.left[i])))
            if hasContent { out[i].append(FeatureHash.of(79, "sentence-has-content")) }
        }
    }

    /// For each of `n` tokens, how far the nearest token before it and after it for which
    /// `matches` holds lies (-1: none on that side).
    /// - Complexity: O(n).
    static func distances(_ n: Int, where matches: (Int) -> Bool) -> (left: [Int], right: [Int]) {
        var left = [Int](repeating: -1, count: n), right = [Int](repeating: -1, count: n)
        var last = -1
        for i in 0..<n {
            left[i] = last < 0 ? -1 : i - last
            if matches(i) { last = i }
        }
        last = -1
        for i in stride(from: n - 1, through: 0, by: -1) {
            right[i] = last < 0 ? -1 : last - i
            if matches(i) { last = i }
        }
        return (left, right)
    }

    /// Where each token stands in a reported statement, seen from the whole sentence (a greedy
    /// left-to-right tagger cannot see that "he said" closes the sentence it is reading):
    /// inside or outside quotation marks, after a closing mark, whether it is a reporting verb,
    /// how far the nearest reporting verb is on each side (and which verb lies to the right),
    /// a "that" after a reporting verb, and the token's fifth of the sentence; with the shape
    /// and the quotation state crossed with the distances.
    /// - Complexity: O(tokens) per sentence.
    static func addStatementFeatures(_ out: inout [[UInt64]], lower: [String], shapes: [String], cues: Set<String>) {
        let n = lower.count
        guard n > 0 else { return }
        let isCue = lower.map { cues.contains($0) }
        // How far the nearest reporting verb lies before and after each token.
        let (left, right) = distances(n) { isCue[$0] }
        func bucket(_ d: Int) -> String { d < 0 ? "none" : d <= 3 ? String(d) : d <= 6 ? "4-6" : d <= 12 ? "7-12" : "13+" }
        var inside = false
        var closed = false
        var afterCueThat = false
        for i in 0..<n {
            let w = lower[i]
            let opening = w == "\u{201C}" || (w == "\"" && !inside) || w == "''" && !inside || w == "``"
            let closing = w == "\u{201D}" || (w == "\"" && inside) || w == "''" && inside
            let quote = opening ? "open" : closing ? "close" : inside ? "in" : closed ? "after" : "out"
            let rightDistance = bucket(right[i])
            let leftDistance = bucket(left[i])
            let short = shortShape(shapes[i])
            var f = out[i]
            f.append(FeatureHash.of(50, quote))
            f.append(FeatureHash.of(51, quote, short))
            if isCue[i] { f.append(FeatureHash.of(52, "cue")) }
            if i > 0, isCue[i - 1] { f.append(FeatureHash.of(53, "cue-1")) }
            if i + 1 < n, isCue[i + 1] { f.append(FeatureHash.of(53, "cue+1")) }
            f.append(FeatureHash.of(54, rightDistance))
            f.append(FeatureHash.of(55, leftDistance))
            if right[i] >= 0, right[i] <= 12 { f.append(FeatureHash.of(56, lower[i + right[i]])) }
            f.append(FeatureHash.of(57, quote, rightDistance))
            f.append(FeatureHash.of(58, short, rightDistance))
            f.append(FeatureHash.of(59, short, leftDistance))
            f.append(FeatureHash.of(60, String(i * 5 / n)))
            if afterCueThat { f.append(FeatureHash.of(61, "after-cue-that")) }
            out[i] = f
            if opening { inside = true }
            if closing { inside = false; closed = true }
            if w == "that", i > 0, isCue[i - 1] { afterCueThat = true }
        }
    }

    /// "Kabul" → "Xxxxx", "U.S." → "X.X.", "7,000" → "d,ddd", "al-Qaeda" → "xx-Xxxxx".
    static func shape(_ word: String) -> String {
        var out = ""
        var last: Character = " "
        var run = 0
        for scalar in word.unicodeScalars {
            let c: Character
            if scalar.properties.isUppercase {
                c = "X"
            } else if scalar.properties.isLowercase {
                c = "x"
            } else if scalar.properties.numericType != nil {
                c = "d"
            } else {
                c = Character(scalar)
            }
            if c == last { run += 1 } else { run = 1 }
            last = c
            if run <= 4 { out.append(c) }
        }
        return out
    }

    /// The shape with runs collapsed: "Xxxxx" → "Xx".
    static func shortShape(_ shape: String) -> String {
        var out = ""
        for c in shape where out.last != c { out.append(c) }
        return out
    }
}

extension Array {
    /// The element at `index`, or nil when it is out of range.
    public subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
