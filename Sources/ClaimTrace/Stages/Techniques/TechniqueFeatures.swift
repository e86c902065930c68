import Foundation

/// An article as the technique models see it: sentences, their tokens, lower-cased, and how
/// often each word occurs in the whole article.
public struct TechniqueText: Sendable {
    public let bytes: [UInt8]
    public let sentences: [TextRange]
    /// Tokens of each sentence.
    let tokens: [[Token]]
    /// Lower-cased token texts, parallel to `tokens`.
    let words: [[String]]
    /// Each sentence's lower-cased tokens joined by spaces, for phrase search; built once,
    /// not once per span.
    let joinedWords: [[UInt8]]
    /// Lower-cased word → occurrences in the article.
    let counts: [String: Int]
    /// Each sentence's flags: has "!", has "?", is the first sentence (the title).
    let exclamation: [Bool]
    let question: [Bool]
    /// Per token: inside quotes (an odd number of quote marks before it in its sentence).
    let quoteParity: [[Bool]]
    /// The article's 60 most frequent words of five letters or more, as sentence features.
    let topicFeatures: [UInt64]

    public init(text: String, sentences: [TextRange], tokenizer: Tokenizer = Tokenizer()) {
        let bytes = Array(text.utf8)
        self.bytes = bytes
        self.sentences = sentences
        var tokens: [[Token]] = []
        var words: [[String]] = []
        var counts: [String: Int] = [:]
        var exclamation: [Bool] = []
        var question: [Bool] = []
        bytes.withUnsafeBufferPointer { buffer in
            for sentence in sentences {
                // Bound the work on hostile input: a "sentence" of megabytes is cut to 400 tokens.
                let sentenceTokens = Array(tokenizer.tokens(bytes: buffer, in: sentence).prefix(400))
                let lower = sentenceTokens.map { token in
                    String(decoding: buffer[token.range.start..<token.range.end], as: UTF8.self).lowercased()
                }
                for (token, word) in zip(sentenceTokens, lower) where token.kind == .word { counts[word, default: 0] += 1 }
                tokens.append(sentenceTokens)
                words.append(lower)
                exclamation.append(lower.contains("!"))
                question.append(lower.contains("?"))
            }
        }
        self.tokens = tokens
        self.words = words
        self.joinedWords = words.map { Array($0.joined(separator: " ").utf8) }
        self.counts = counts
        self.topicFeatures = counts.filter { $0.key.utf8.count >= 5 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(60).map { FeatureHash.of(39, $0.key) }
        self.exclamation = exclamation
        self.question = question
        self.quoteParity = words.map { sentence in
            var inside = false
            return sentence.map { word in
                defer { if Self.quoteMarks.contains(word) { inside.toggle() } }
                return inside
            }
        }
    }

    static let quoteMarks: Set<String> = ["\"", "“", "”", "‘", "’", "'", "«", "»"]

    static func shape(_ word: String) -> String {
        guard let first = word.unicodeScalars.first else { return "" }
        if CharacterSet.decimalDigits.contains(first) { return "d" }
        if !CharacterSet.letters.contains(first) { return "p" }
        return "w"
    }

    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    static func bucket(_ n: Int) -> String {
        switch n {
        case ..<2: return "1"
        case 2: return "2"
        case 3: return "3"
        case 4...5: return "4-5"
        case 6...10: return "6-10"
        case 11...20: return "11-20"
        default: return "21+"
        }
    }

    // MARK: span identification (per token)

    /// Features of token `i` of sentence `s`, for the in-a-technique / not model. Hashed
    /// without building strings: this runs for every token of every selected sentence.
    func tokenFeatures(_ s: Int, _ i: Int) -> [UInt64] {
        let w = words[s]
        let n = w.count
        func at(_ j: Int) -> String { j < 0 ? "<s>" : (j >= n ? "</s>" : w[j]) }
        let word = w[i]
        var out: [UInt64] = []
        out.reserveCapacity(20)
        out.append(FeatureHash.of(1, word))
        out.append(FeatureHash.of(2, at(i - 1)))
        out.append(FeatureHash.of(3, at(i + 1)))
        out.append(FeatureHash.of(4, at(i - 2)))
        out.append(FeatureHash.of(5, at(i + 2)))
        out.append(FeatureHash.of(6, at(i - 1), word))
        out.append(FeatureHash.of(7, word, at(i + 1)))
        out.append(FeatureHash.of(8, Self.shape(word)))
        out.append(FeatureHash.of(9, i == 0 ? 0 : (i == n - 1 ? 2 : 1)))
        out.append(FeatureHash.of(10, Self.bucket(n / 4)))
        let characters = word.utf8.count
        if characters >= 5 {
            out.append(FeatureHash.of(11, String(word.suffix(3))))
            out.append(FeatureHash.of(12, String(word.prefix(4))))
        }
        let token = tokens[s][i]
        if token.kind == .word, characters >= 4 { out.append(FeatureHash.of(13, Self.bucket(counts[word] ?? 1))) }
        if quoteParity[s][i] { out.append(FeatureHash.of(14, 1)) }
        if exclamation[s] { out.append(FeatureHash.of(15, 1)) }
        if question[s] { out.append(FeatureHash.of(16, 1)) }
        if s == 0 { out.append(FeatureHash.of(17, 1)) }
        // All capitals (ASCII letters), more than one of them.
        if token.range.length > 1,
            (token.range.start..<token.range.end).allSatisfy({ bytes[$0] >= 65 && bytes[$0] <= 90 })
        {
            out.append(FeatureHash.of(18, 1))
        }
        return out
    }

    // MARK: sentence selection

    /// Features of sentence `s`, for the does-it-argue model: its words and word pairs, its
    /// length, punctuation, quotes, and whether it is the title.
    func sentenceFeatures(_ s: Int) -> [UInt64] {
        let w = words[s]
        var out: [UInt64] = [FeatureHash.of(30, Self.bucket(w.count / 3))]
        out.reserveCapacity(2 * w.count + 6)
        for word in w { out.append(FeatureHash.of(31, word)) }
        for (a, b) in zip(w, w.dropFirst()) { out.append(FeatureHash.of(32, a, b)) }
        if exclamation[s] { out.append(FeatureHash.of(33, 1)) }
        if question[s] { out.append(FeatureHash.of(34, 1)) }
        if s == 0 { out.append(FeatureHash.of(35, 1)) }
        if w.contains(where: Self.quoteMarks.contains) { out.append(FeatureHash.of(36, 1)) }
        // Words the article repeats a lot.
        let recurring = w.filter { $0.utf8.count >= 4 && (counts[$0] ?? 0) >= 4 }.count
        out.append(FeatureHash.of(37, Self.bucket(recurring)))
        // What the article is about: its most frequent longer words. Whole articles lean one
        // way (PTC's are picked from propagandist and mainstream outlets alike), and 5-fold
        // cross-validation took SI F1 from 0.345 to 0.353 with the 60 most frequent.
        out.append(contentsOf: topicFeatures)
        // Letter sequences of two to five inside each word, its edges marked: they catch
        // inflections and compounds the word features miss ("demoniz-", "-gate"). With the
        // slower learning rate they took SI F1 from 0.337 to 0.345.
        // Each sequence's hash extends the one a letter shorter: four steps per letter.
        var padded: [UInt8] = []
        for word in w {
            padded.removeAll(keepingCapacity: true)
            padded.append(32)
            padded.append(contentsOf: word.utf8.prefix(30))
            padded.append(32)
            for start in 0..<(padded.count - 1) {
                var h = FeatureHash(template: 38)
                h.mix(padded[start])
                for end in (start + 1)..<min(padded.count, start + 5) {
                    h.mix(padded[end])
                    out.append(h.value)
                }
            }
        }
        // A repeated feature counts once (kept in first-seen order; an open-addressing set,
        // since sorting or a Set here cost more than the features themselves).
        var size = 64
        while size < 2 * out.count { size <<= 1 }
        var seen = [UInt64](repeating: 0, count: size)
        var kept = 0
        for k in out.indices {
            let h = out[k] | 1  // 0 marks an empty slot
            var slot = Int(truncatingIfNeeded: FeatureTable.mixed(h)) & (size - 1)
            while seen[slot] != 0, seen[slot] != h { slot = (slot + 1) & (size - 1) }
            guard seen[slot] == 0 else { continue }
            seen[slot] = h
            out[kept] = out[k]
            kept += 1
        }
        out.removeLast(out.count - kept)
        return out
    }

    // MARK: technique classification (per span)

    /// Tokens overlapping a byte range, in order, with their sentence index.
    /// - Complexity: O(log sentences + tokens of the sentences it overlaps).
    func tokens(in range: TextRange) -> [(sentence: Int, index: Int)] {
        var out: [(Int, Int)] = []
        // (Sentences are sorted and disjoint: the first that may overlap is found by search.)
        var s = sentences.partitionPoint { $0.end > range.start }
        while s < sentences.count, sentences[s].start < range.end {
            if sentences[s].overlaps(range) {
                for (i, token) in tokens[s].enumerated() where token.range.overlaps(range) { out.append((s, i)) }
            }
            s += 1
        }
        return out
    }

    /// The words of a span joined by spaces, whose occurrences in the article are a feature
    /// of it; nil for an empty span or one over 12 words.
    func repetitionPhrase(_ range: TextRange) -> [UInt8]? {
        let inside = tokens(in: range)
        guard !inside.isEmpty, inside.count <= 12 else { return nil }
        return Array(inside.map { words[$0.sentence][$0.index] }.joined(separator: " ").utf8)
    }

    /// The occurrences in the article of the phrases of `ranges` (see ``repetitionPhrase(_:)``),
    /// counted in one pass for all of them.
    /// - Complexity: O(text + phrases' length × ``PhraseCounts/cap``).
    func phraseCounts(of ranges: [TextRange]) -> PhraseCounts {
        PhraseCounts(Set(ranges.compactMap(repetitionPhrase)), in: joinedWords)
    }

    /// Named features of a span, for the technique model; names explain a decision.
    /// `repeats`: the occurrences of the spans' phrases, when counted for all spans at once;
    /// a phrase not among them is counted here, by a scan of the article.
    func spanFeatures(_ range: TextRange, repeats: PhraseCounts? = nil) -> [(hash: UInt64, name: String)] {
        let inside = tokens(in: range)
        var names: [String] = []
        guard let first = inside.first, let last = inside.last else { return [("empty", "empty")].map { (Self.hash($0.0), $0.1) } }
        let spanWords = inside.map { words[$0.sentence][$0.index] }
        // Each word once, in order: a Set's order changes from run to run, and with it which of
        // two equally strong words is named as the cue.
        var seen = Set<String>()
        for word in spanWords.prefix(60) where seen.insert(word).inserted { names.append("u=" + word) }
        for (a, b) in zip(spanWords.prefix(40), spanWords.dropFirst().prefix(40)) { names.append("bi=" + a + "|" + b) }
        names.append("first=" + spanWords[0])
        names.append("last=" + spanWords[spanWords.count - 1])
        names.append("len=" + Self.bucket(spanWords.count))
        names.append("len-first=" + Self.bucket(spanWords.count) + "|" + spanWords[0])
        if spanWords.count >= 2 { names.append("f2=" + spanWords[0] + "|" + spanWords[1]) }
        let before = words[first.sentence]
        for k in 1...3 where first.index - k >= 0 { names.append("L\(k)=" + before[first.index - k]) }
        if first.index == 0 { names.append("L1=<s>") }
        let after = words[last.sentence]
        for k in 1...2 where last.index + k < after.count { names.append("R\(k)=" + after[last.index + k]) }
        if last.index == after.count - 1 { names.append("R1=</s>") }
        // Repetition: how often the span's words occur in the article.
        let content = spanWords.filter { $0.count >= 3 && $0.unicodeScalars.first.map(CharacterSet.letters.contains) == true }
        if !content.isEmpty, content.count <= 4 {
            let least = content.map { counts[$0] ?? 1 }.min() ?? 1
            names.append("rep=" + Self.bucket(least))
        }
        // Marks around and in the span: quoted, capitalised, shouted.
        if first.index > 0, Self.quoteMarks.contains(before[first.index - 1]) { names.append("quoted") }
        let firstToken = tokens[first.sentence][first.index]
        if let byte = bytes[safe: firstToken.range.start], byte >= 65, byte <= 90, first.index > 0 { names.append("capitalised") }
        for word in spanWords.prefix(30) where word.count >= 6 { names.append("suf=" + String(word.suffix(4))) }
        // The span's exact words elsewhere in the article.
        if spanWords.count <= 12 {
            let phrase = Array(spanWords.joined(separator: " ").utf8)
            names.append("reps=" + Self.bucket(repeats?[phrase] ?? occurrences(of: phrase, words: spanWords.count)))
        }
        // Shape of the span within its sentence.
        let sentenceLength = words[first.sentence].count
        if first.sentence == last.sentence, first.index == 0, last.index >= sentenceLength - 2 { names.append("whole-sentence") }
        if first.sentence != last.sentence { names.append("multi-sentence") }
        if exclamation[first.sentence] { names.append("excl") }
        if question[first.sentence] { names.append("quest") }
        if spanWords.contains(where: Self.quoteMarks.contains) { names.append("has-quote") }
        if first.sentence == 0 { names.append("title") }
        // Sentence context, as a bag of its words.
        var seenInSentence = Set<String>()
        for word in words[first.sentence].prefix(60) where word.count >= 3 && seenInSentence.insert(word).inserted {
            names.append("s=" + word)
        }
        return names.map { (Self.hash($0), $0) }
    }

    /// How often `phrase` (`words` words joined by spaces) occurs in the article: non-overlapping
    /// occurrences from the left in each sentence, at most ``PhraseCounts/cap``. One scan of the
    /// article; ``phraseCounts(of:)`` counts many phrases in one.
    func occurrences(of phrase: [UInt8], words count: Int) -> Int {
        var occurrences = 0
        // Byte comparison (the words are already lower-cased): Foundation's substring
        // search was a tenth of detection's time.
        for (sentence, joined) in zip(words, joinedWords) where sentence.count >= count && joined.count >= phrase.count {
            var at = 0
            while at + phrase.count <= joined.count, occurrences < PhraseCounts.cap {
                if joined[at] == phrase[0], joined[at..<(at + phrase.count)].elementsEqual(phrase) {
                    occurrences += 1
                    at += phrase.count
                } else {
                    at += 1
                }
            }
        }
        return occurrences
    }

    /// A feature name in words, for the cue shown to analysts.
    static func describe(_ name: String) -> String {
        guard let equals = name.firstIndex(of: "=") else {
            switch name {
            case "whole-sentence": return "a whole sentence"
            case "multi-sentence": return "runs over several sentences"
            case "excl": return "an exclamation"
            case "quest": return "a question"
            case "has-quote": return "quoted words"
            case "title": return "in the title"
            case "quoted": return "in quotation marks"
            case "capitalised": return "capitalised"
            default: return name
            }
        }
        let kind = name[..<equals], value = String(name[name.index(after: equals)...])
        switch kind {
        case "u", "first", "last": return "the word “\(value)”"
        case "bi": return "the words “\(value.replacingOccurrences(of: "|", with: " "))”"
        case "L1", "L2", "L3": return "after “\(value)”"
        case "R1", "R2": return "before “\(value)”"
        case "rep": return "its words recur \(value) times in the article"
        case "reps": return "these words occur \(value) times in the article"
        case "len-first": return "its length and first word (\(value.replacingOccurrences(of: "|", with: " words, “"))”)"
        case "f2": return "it opens with “\(value.replacingOccurrences(of: "|", with: " "))”"
        case "suf": return "a word ending in “-\(value)”"
        case "len": return "\(value) words long"
        case "s": return "in a sentence with “\(value)”"
        default: return name
        }
    }
}
