import Foundation

extension MainContent {
    /// How a paragraph block outside the chosen article reads (jusText-style classes).
    enum BlockClass { case good, nearGood, short, bad }

    /// Block length (characters of its own text) under which a block is `short`, and from
    /// which a block of prose is `good`.
    static let shortBelow = 70
    static let goodFrom = 200
    /// Share of stopwords among a block's words from which it reads as prose (`nearGood`),
    /// and from which a long block is `good`.
    static let proseStopwords = 0.30
    static let goodStopwords = 0.40
    /// Share of link text above which a block is `bad`.
    static let maxLinkDensity = 0.2

    /// `paragraph-rescue`: the blocks outside the chosen article that read as its text (the
    /// article split over several containers). Every block with text of its own, in document
    /// order, is classed by its length, link text and stopword share (`good`, `nearGood`,
    /// `short`, `bad`; inside a furniture element or a tag like `<nav>`: `bad`); the chosen
    /// article counts as one `good` block. Then, as jusText does, a `short` block between two
    /// `good` ones (skipping `short` and `nearGood` ones) is `good`, a `nearGood` one between
    /// `good` ones or next to one (skipping `short` ones) is `good`, and a heading before a
    /// `good` block is `good`. The `good` blocks that hold little text in blocks of their own,
    /// and that are in the run of non-`bad` blocks around the article, join it.
    /// - Complexity: O(n) in the number of elements: a pass to mark the article, furniture
    ///   and ancestors, a pass to class blocks, two passes over the blocks for their context.
    static func rescued(_ dom: FlatDOM, main: [Int], cues: ExtractionCues) -> [Int] {
        let n = dom.count
        guard n > 0 else { return [] }
        var inMain = [Bool](repeating: false, count: n)
        for i in main { inMain[i] = true }
        var holds = [Bool](repeating: false, count: n)
        for i in main {
            var a = dom.parent[i]
            while a >= 0, !holds[Int(a)] {
                holds[Int(a)] = true
                a = dom.parent[Int(a)]
            }
        }
        // Furniture: an element (not holding the article) with a furniture tag or class word,
        // and what it holds. A parent comes before its children: one pass.
        var furniture = [Bool](repeating: false, count: n)
        for i in 0..<n {
            let p = Int(dom.parent[i])
            if p >= 0 {
                if inMain[p] { inMain[i] = true }
                if furniture[p] { furniture[i] = true }
            }
            if !furniture[i], !holds[i], !inMain[i], dom.isBlock[i] || dom.isFurnitureTag(i) {
                furniture[i] = dom.isFurnitureTag(i) || cues.classWeight(dom.names(i)) < 0
            }
        }

        // The blocks in document order: -1 stands for the article.
        var blocks: [Int] = []
        var classes: [BlockClass] = []
        var articleSeen = false
        for i in 0..<n {
            if inMain[i] {
                if !articleSeen {
                    articleSeen = true
                    blocks.append(-1)
                    classes.append(.good)
                }
                continue
            }
            guard dom.isBlock[i], !holds[i], dom.inlineChars[i] > 0 else { continue }
            blocks.append(i)
            classes.append(classify(dom, i, furniture: furniture[i]))
        }
        guard blocks.count > 1 else { return [] }

        // Context: short blocks first (neighbours skip short and near-good), then near-good
        // ones (neighbours skip short ones); the page's ends count as bad.
        let m = blocks.count
        /// For each block, the class of the nearest block before and after it that `skipping`
        /// does not pass over (two passes: linear however long the runs).
        func neighbours(skipping: (BlockClass) -> Bool) -> (before: [BlockClass], after: [BlockClass]) {
            var before = [BlockClass](repeating: .bad, count: m)
            var after = [BlockClass](repeating: .bad, count: m)
            var last = BlockClass.bad
            for k in 0..<m {
                before[k] = last
                if !skipping(classes[k]) { last = classes[k] }
            }
            last = .bad
            for k in stride(from: m - 1, through: 0, by: -1) {
                after[k] = last
                if !skipping(classes[k]) { last = classes[k] }
            }
            return (before, after)
        }
        var resolved = classes
        let wide = neighbours(skipping: { $0 == .short || $0 == .nearGood })
        for k in 0..<m where classes[k] == .short {
            resolved[k] = wide.before[k] == .good && wide.after[k] == .good ? .good : .bad
        }
        let narrow = neighbours(skipping: { $0 == .short })
        for k in 0..<m where classes[k] == .nearGood {
            resolved[k] = narrow.before[k] == .bad && narrow.after[k] == .bad ? .bad : .good
        }
        // Headings before a good block.
        for k in 0..<(m - 1) where blocks[k] >= 0 && dom.isHeading[blocks[k]] && resolved[k + 1] == .good && classes[k] != .bad {
            resolved[k] = .good
        }

        // The good blocks (a block that holds blocks of its own would bring them along: only
        // blocks mostly of their own text join).
        var kept: [Int] = []
        for k in 0..<m where resolved[k] == .good && blocks[k] >= 0 {
            let i = blocks[k]
            if dom.chars[i] * 4 <= dom.inlineChars[i] * 5 { kept.append(i) }
        }
        return kept
    }

    private static func classify(_ dom: FlatDOM, _ i: Int, furniture: Bool) -> BlockClass {
        if furniture { return .bad }
        let chars = dom.inlineChars[i]
        if Double(dom.inlineLinkChars[i]) > Double(chars) * maxLinkDensity { return .bad }
        if chars < shortBelow { return .short }
        let words = dom.inlineWords[i]
        let share = words == 0 ? 0 : Double(dom.inlineStopwords[i]) / Double(words)
        if share >= goodStopwords, chars >= goodFrom { return .good }
        if share >= proseStopwords { return .nearGood }
        return .bad
    }
}

/// Stopwords of the languages in `Resources/extraction-stopwords-*.txt`, as hashes of their
/// lower-case UTF-8 bytes: the share of them among a block's words tells prose from labels.
struct Stopwords: Sendable {
    static let languages = ["en", "de", "fr", "es", "it", "nl", "pt"]
    let hashes: Set<UInt64>

    static let shared = Stopwords()

    init() {
        var hashes = Set<UInt64>()
        for language in Self.languages {
            guard let url = Bundle.module.url(forResource: "extraction-stopwords-\(language)", withExtension: "txt"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { continue }
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                var h = Self.seed
                var any = false
                for b in line.trimmingCharacters(in: .whitespaces).lowercased().utf8 {
                    h = (h ^ UInt64(b)) &* Self.prime
                    any = true
                }
                if any { hashes.insert(h) }
            }
        }
        self.hashes = hashes
    }

    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// Words and stopwords in `bytes`. A word is a run of ASCII letters and digits and of
    /// non-ASCII characters other than Latin-1 and general punctuation (no-break space,
    /// quotes, dashes); ASCII and Latin-1 capitals are folded to lower case.
    /// - Complexity: O(n) in the bytes.
    func count(_ bytes: UnsafeBufferPointer<UInt8>) -> (words: Int, stopwords: Int) {
        var words = 0
        var stop = 0
        var h = Self.seed
        var inWord = false
        let n = bytes.count
        var i = 0
        func end() {
            if inWord {
                words += 1
                if hashes.contains(h) { stop += 1 }
            }
            inWord = false
            h = Self.seed
        }
        while i < n {
            var b = bytes[i]
            if b < 0x80 {
                let lower = b | 0x20
                if (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                    if b >= 0x41 && b <= 0x5A { b = lower }
                    h = (h ^ UInt64(b)) &* Self.prime
                    inWord = true
                } else {
                    end()
                }
                i += 1
                continue
            }
            // A multi-byte character: its length from the lead byte.
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            let second = i + 1 < n ? bytes[i + 1] : 0
            let punctuation = b == 0xC2 || (b == 0xE2 && (second == 0x80 || second == 0x81)) || (b == 0xE3 && second == 0x80)
            if punctuation {
                end()
            } else {
                for k in i..<min(n, i + length) {
                    var c = bytes[k]
                    // Latin-1 capitals (U+00C0–U+00DE but ×) to small letters.
                    if k == i + 1, b == 0xC3, c >= 0x80, c <= 0x9E, c != 0x97 { c += 0x20 }
                    h = (h ^ UInt64(c)) &* Self.prime
                }
                inWord = true
            }
            i += length
        }
        end()
        return (words, stop)
    }
}
