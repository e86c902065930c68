/// The features of each token of a sentence for the mention tagger: the word, its shape,
/// affixes, its neighbours, and the gazetteer entries it falls in.
public struct TaggerFeatures: Sendable {
    public let gazetteer: Gazetteer

    public init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }

    /// Feature hashes per token.
    /// - Complexity: O(tokens × features), plus the gazetteer's phrase matching.
    public func features(_ words: [String]) -> [[UInt64]] {
        let lower = words.map { $0.lowercased() }
        let shapes = words.map(Self.shape)
        let gazetteerTags = gazetteer.tags(words)
        var out: [[UInt64]] = []
        out.reserveCapacity(words.count)
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
            // Whole sentence in capitals (headlines): capitalisation then means little.
            if words.count > 2, words.allSatisfy({ $0 == $0.uppercased() }) { f.append(FeatureHash.of(32, "allcaps-sentence")) }
            for tag in gazetteerTags[i] {
                f.append(FeatureHash.of(40, tag))
                f.append(FeatureHash.of(41, tag, shapes[i]))
            }
            for tag in gazetteerTags[safe: i - 1] ?? [] { f.append(FeatureHash.of(42, tag)) }
            for tag in gazetteerTags[safe: i + 1] ?? [] { f.append(FeatureHash.of(43, tag)) }
            out.append(f)
        }
        return out
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
