import Foundation

/// Marks passages that use propaganda techniques, in three learned steps and one mechanical one:
/// 1. which sentences argue (a logistic model over the sentence's words and word pairs);
/// 2. where, in such a sentence, the technique lies (a logistic model over each token and its
///    neighbours: the span runs from the first to the last token above `threshold`, or is
///    the whole sentence when none is); the most confident token of a sentence also counts,
///    by `tokenWeight`, in whether it argues;
/// 3. which technique each span uses (a 14-class logistic model over the span's words, its
///    context, its length and how often its words recur), reported with its probability and
///    the feature that weighed most ("the word “hoax”"); a span of loaded language or name
///    calling is cut to its most confident `shortWords` tokens;
/// 4. ``RepetitionFinder``: a phrase appended again and again, misspellings included.
/// The models are trained by `claimtrace train ptc` on the PTC training articles and ship as
/// `Resources/techniques-sentences.ctlm`, `techniques-spans.ctlm` and `techniques.ctlm`, with
/// the decoding settings chosen on held-out articles in `techniques-settings.txt`.
public struct TechniqueDetector: Sendable {
    public let sentenceModel: LinearModel
    public let spanModel: LinearModel
    public let techniqueModel: LinearModel
    /// How spans are decoded from the models' probabilities.
    public var settings: Settings
    /// How spans are read from the models' probabilities: chosen on held-out articles by
    /// `claimtrace train ptc` (and inside each fold of `claimtrace eval ptc`), shipped as
    /// `Resources/techniques-settings.txt`.
    public struct Settings: Sendable, Equatable, CustomStringConvertible {
        /// Least probability for a token to be in a span.
        public var threshold: Float = 0.35
        /// Least probability for a sentence to be searched for a technique (see ``argues(_:)``).
        public var sentenceThreshold: Float = 0.35
        /// Whether a selected sentence's span is cut to its confident tokens (else the whole sentence).
        public var trim = true
        /// Longest span, in tokens, for loaded language and name calling (0: no limit).
        public var shortWords = 2
        /// How much a sentence's most confident token counts, beside the sentence model, in
        /// whether the sentence argues (0: the sentence model alone).
        public var tokenWeight: Float = 0.5

        public init() {}

        /// Every setting the choice considers.
        public static let candidates: [Settings] = {
            var out: [Settings] = []
            for weight in [Float(0), 0.25, 0.5, 0.75] {
                for sentence in stride(from: Float(0.2), through: 0.6, by: 0.05) {
                    for (threshold, trim) in [(Float(0.5), false), (0.2, true), (0.35, true), (0.5, true)] {
                        for short in trim ? [0, 2, 4] : [0] {
                            var s = Settings()
                            (s.tokenWeight, s.sentenceThreshold, s.threshold, s.trim, s.shortWords) = (weight, sentence, threshold, trim, short)
                            out.append(s)
                        }
                    }
                }
            }
            return out
        }()

        public var description: String {
            func f(_ x: Float) -> String { String(format: "%.2f", x) }
            return "sentence threshold \(f(sentenceThreshold)), token weight \(f(tokenWeight)), token threshold "
                + (trim ? f(threshold) : "none (whole sentences)") + ", loaded words " + (shortWords == 0 ? "any length" : "≤ \(shortWords) tokens")
        }

        /// "name value" lines, `#` comments.
        public var serialized: String {
            func f(_ x: Float) -> String { String(format: "%.2f", x) }
            return """
                # How claimtrace reads spans from the technique models' probabilities: chosen by
                # `claimtrace train ptc` on a held-out fifth of PTC's training articles.
                sentence-threshold \(f(sentenceThreshold))
                token-weight \(f(tokenWeight))
                token-threshold \(f(threshold))
                trim \(trim)
                loaded-words \(shortWords)

                """
        }

        public init(serialized text: String) throws {
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
                let parts = line.split(separator: " ")
                guard parts.count == 2 else { throw FormatError(reason: "settings line “\(line)”") }
                let value = String(parts[1])
                switch parts[0] {
                case "sentence-threshold": sentenceThreshold = try Self.number(value)
                case "token-weight": tokenWeight = try Self.number(value)
                case "token-threshold": threshold = try Self.number(value)
                case "trim":
                    guard let flag = Bool(value) else { throw FormatError(reason: "trim “\(value)” is neither true nor false") }
                    trim = flag
                case "loaded-words":
                    guard let n = Int(value), n >= 0 else { throw FormatError(reason: "loaded-words “\(value)”") }
                    shortWords = n
                default: throw FormatError(reason: "unknown setting “\(parts[0])”")
                }
            }
        }

        public struct FormatError: Error, CustomStringConvertible {
            public var reason: String
            public var description: String { "not claimtrace technique settings: \(reason)" }
        }

        static func number(_ text: String) throws -> Float {
            guard let x = Float(text), x >= 0, x <= 1 else { throw FormatError(reason: "“\(text)” is not between 0 and 1") }
            return x
        }
    }
    public let repetitions = RepetitionFinder()

    public init(sentenceModel: LinearModel, spanModel: LinearModel, techniqueModel: LinearModel, settings: Settings = Settings()) {
        self.sentenceModel = sentenceModel
        self.spanModel = spanModel
        self.techniqueModel = techniqueModel
        self.settings = settings
    }

    /// The models shipped with claimtrace, with their settings, or nil when they are missing.
    public static let shared: TechniqueDetector? = {
        guard let sentences = load("techniques-sentences"), let spans = load("techniques-spans"),
            let techniques = load("techniques"),
            let url = Bundle.module.url(forResource: "techniques-settings", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8), let settings = try? Settings(serialized: text)
        else { return nil }
        return TechniqueDetector(sentenceModel: sentences, spanModel: spans, techniqueModel: techniques, settings: settings)
    }()

    static func load(_ name: String) -> LinearModel? {
        guard let url = Bundle.module.url(forResource: name, withExtension: "ctlm"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? LinearModel(serialized: data)
    }

    /// Techniques in a text, sorted by start.
    public func detect(_ text: TechniqueText) -> [TechniqueSpan] {
        var out: [TechniqueSpan] = []
        let candidates = spanCandidates(text, scored: scored(text))
        let repeats = Self.phraseCounts(text, candidates)
        for found in classified(text, candidates, repeats: repeats) {
            guard let best = found.best ?? classify(text, found.range, top: 1, repeats: repeats).first else { continue }
            out.append(TechniqueSpan(range: found.range, technique: best.technique, score: best.probability * found.confidence, cue: best.cue))
        }
        out += repetitions.find(text)
        return out.sorted { ($0.range.start, $0.range.end) < ($1.range.start, $1.range.end) }
    }

    /// Spans of text in some technique, with the sentence's probability.
    public func spans(_ text: TechniqueText) -> [(TextRange, Float)] {
        classifiedSpans(text).map { ($0.range, $0.confidence) }
    }

    /// What the models say of one sentence: the sentence model's probability and each token's.
    public struct Scored: Sendable {
        public var sentence: Float
        public var tokens: [Float]
    }

    /// Each sentence's ``Scored``; its tokens are left empty where not needed (a sentence the
    /// sentence model alone rules out, when `settings.tokenWeight` is 0 and `everyToken` is
    /// false).
    public func scored(_ text: TechniqueText, everyToken: Bool = false) -> [Scored] {
        text.sentences.indices.map { s in
            let tokens = text.tokens[s]
            guard !tokens.isEmpty else { return Scored(sentence: 0, tokens: []) }
            let q = sentenceModel.probabilityOfSecond(text.sentenceFeatures(s))
            guard everyToken || settings.tokenWeight > 0 || (q >= settings.sentenceThreshold && settings.trim) else {
                return Scored(sentence: q, tokens: [])
            }
            return Scored(sentence: q, tokens: tokens.indices.map { spanModel.probabilityOfSecond(text.tokenFeatures(s, $0)) })
        }
    }

    /// How likely a sentence is to argue: the sentence model's log-odds and those of its most
    /// confident token, mixed by `settings.tokenWeight` (one loaded word can make a sentence
    /// argue that reads neutral as a bag of words).
    public func argues(_ scored: Scored) -> Float {
        guard settings.tokenWeight > 0, let top = scored.tokens.max() else { return scored.sentence }
        func logit(_ p: Float) -> Float {
            let q = min(max(p, 1e-6), 1 - 1e-6)
            return Foundation.log(q / (1 - q))
        }
        let z = (1 - settings.tokenWeight) * logit(scored.sentence) + settings.tokenWeight * logit(top)
        return 1 / (1 + Foundation.exp(-z))
    }

    /// ``spans(_:)`` with the span's most likely technique when finding the span already
    /// classified it as it stands (a span cut to its loaded words has none: it is classified
    /// again as cut). `scored`: the models' probabilities of the text, when already computed.
    func classifiedSpans(_ text: TechniqueText, scored given: [Scored]? = nil)
        -> [(range: TextRange, confidence: Float, best: Guess?)]
    {
        let candidates = spanCandidates(text, scored: given ?? self.scored(text))
        return classified(text, candidates, repeats: Self.phraseCounts(text, candidates))
    }

    /// A span candidate: where a sentence that argues has its technique, how likely it
    /// argues, and the run its span is cut to if it proves to be loaded language or name calling.
    typealias Candidate = (range: TextRange, confidence: Float, cut: TextRange?)

    /// Each arguing sentence's span: from its first to its last confident token (with
    /// `settings.trim`), else the whole sentence; when longer than `settings.shortWords`, with
    /// the most confident run of at most that many tokens around its most confident token.
    func spanCandidates(_ text: TechniqueText, scored: [Scored]) -> [Candidate] {
        var out: [Candidate] = []
        for s in text.sentences.indices {
            let tokens = text.tokens[s]
            guard !tokens.isEmpty else { continue }
            let q = argues(scored[s])
            guard q >= settings.sentenceThreshold else { continue }
            var first: Int?, last: Int?
            let probability = scored[s].tokens
            if settings.trim {
                for i in probability.indices where probability[i] >= settings.threshold {
                    if first == nil { first = i }
                    last = i
                }
            }
            let range = TextRange(tokens[first ?? 0].range.start, tokens[last ?? (tokens.count - 1)].range.end)
            // Loaded words and labels are a word or a few: such a span is cut to the most
            // confident run of at most `settings.shortWords` tokens around its most confident token.
            var cut: TextRange?
            if settings.shortWords > 0, let first, let last, last - first + 1 > settings.shortWords {
                let peak = (first...last).max { probability[$0] < probability[$1] }!
                var a = peak, b = peak
                while b - a + 1 < settings.shortWords {
                    let left = a > first ? probability[a - 1] : -1
                    let right = b < last ? probability[b + 1] : -1
                    if max(left, right) < settings.threshold { break }
                    if left >= right { a -= 1 } else { b += 1 }
                }
                cut = TextRange(tokens[a].range.start, tokens[b].range.end)
            }
            out.append((range, q, cut))
        }
        return out
    }

    /// The occurrences of every candidate span's words (as it stands and as cut), counted at once.
    static func phraseCounts(_ text: TechniqueText, _ candidates: [Candidate]) -> PhraseCounts {
        text.phraseCounts(of: candidates.flatMap { [$0.range] + ($0.cut.map { [$0] } ?? []) })
    }

    /// The candidates classified where they can be cut: a span that is loaded language or name
    /// calling becomes its cut (to be classified again as cut); another keeps its technique.
    func classified(_ text: TechniqueText, _ candidates: [Candidate], repeats: PhraseCounts)
        -> [(range: TextRange, confidence: Float, best: Guess?)]
    {
        candidates.map { candidate in
            guard let cut = candidate.cut else { return (candidate.range, candidate.confidence, nil) }
            let best = classify(text, candidate.range, top: 1, repeats: repeats).first
            if let technique = best?.technique, [.loadedLanguage, .nameCalling].contains(technique) {
                return (cut, candidate.confidence, nil)
            }
            return (candidate.range, candidate.confidence, best)
        }
    }

    /// A technique the model gives a span, how likely, and the cue that weighed most.
    public typealias Guess = (technique: Technique, probability: Float, cue: String)

    /// The `top` most likely techniques of a span, best first.
    public func classify(_ text: TechniqueText, _ range: TextRange, top: Int) -> [Guess] {
        classify(text, range, top: top, repeats: nil)
    }

    /// The same, with the occurrences of the spans' words counted beforehand (see
    /// ``TechniqueText/phraseCounts(of:)``).
    func classify(_ text: TechniqueText, _ range: TextRange, top: Int, repeats: PhraseCounts?) -> [Guess] {
        let named = text.spanFeatures(range, repeats: repeats)
        let hashes = named.map(\.hash)
        let probabilities = techniqueModel.probabilities(hashes)
        let ranked = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }.prefix(top)
        return ranked.compactMap { c in
            guard let technique = Technique(rawValue: techniqueModel.classes[c]) else { return nil }
            let strongest = techniqueModel.strongest(hashes, for: c)
            let cue = strongest.flatMap { s in named.first { $0.hash == s.feature }?.name }.map(TechniqueText.describe)
            return (technique, probabilities[c], cue ?? "the classifier's prior")
        }
    }

    // MARK: Training

    /// A gold passage: where, and which technique.
    public struct GoldSpan: Sendable, Hashable {
        public var range: TextRange
        public var technique: Technique
        public init(range: TextRange, technique: Technique) {
            self.range = range
            self.technique = technique
        }
    }

    /// Trains both models on articles with gold spans (byte ranges).
    public static func train(_ articles: [(text: TechniqueText, gold: [GoldSpan])], settings: Settings = Settings(), epochs: Int = 6)
        -> TechniqueDetector
    {
        var sentenceExamples: [(features: [UInt64], label: Int)] = []
        var tokenExamples: [(features: [UInt64], label: Int)] = []
        var spanExamples: [(features: [UInt64], label: Int)] = []
        let classes = Technique.allCases.map(\.rawValue)
        for (text, gold) in articles {
            for (s, sentence) in text.sentences.enumerated() {
                let argues = gold.contains { $0.range.overlaps(sentence) }
                sentenceExamples.append((text.sentenceFeatures(s), argues ? 1 : 0))
                // The span model learns where, in every sentence: its most confident token
                // also tells whether the sentence argues (see `settings.tokenWeight`).
                for (i, token) in text.tokens[s].enumerated() {
                    let inside = gold.contains { $0.range.overlaps(token.range) }
                    tokenExamples.append((text.tokenFeatures(s, i), inside ? 1 : 0))
                }
            }
            for span in gold {
                spanExamples.append((text.spanFeatures(span.range).map(\.hash), classes.firstIndex(of: span.technique.rawValue)!))
            }
        }
        var spanOptions = LinearModel.TrainingOptions()
        spanOptions.epochs = epochs
        spanOptions.learningRate = 0.02
        var techniqueOptions = LinearModel.TrainingOptions()
        techniqueOptions.epochs = epochs * 2
        techniqueOptions.minimumCount = 1
        techniqueOptions.learningRate = 0.03
        // Slower learning regularises: 5-fold cross-validation on PTC gave TC micro-F1 0.55 at
        // the default rate and 0.57-0.58 at 0.02-0.05; SI F1 0.324 → 0.334 for sentences.
        var sentenceOptions = spanOptions
        // The sentence model sees hundreds of letter-sequence features per sentence: it learns
        // slower still (0.01; 0.02 and 0.005 scored lower).
        sentenceOptions.learningRate = 0.01
        let sentences = LinearModel.train(classes: ["O", "I"], examples: sentenceExamples, options: sentenceOptions)
        let spans = LinearModel.train(classes: ["O", "I"], examples: tokenExamples, options: spanOptions)
        let techniques = LinearModel.train(classes: classes, examples: spanExamples, options: techniqueOptions)
        return TechniqueDetector(sentenceModel: sentences, spanModel: spans, techniqueModel: techniques, settings: settings)
    }
}

/// Finds a phrase hammered across one article: the same three to eight words at least three
/// times, at least twice set off by a comma, dash or bracket (a tag appended to a name, like
/// ", backed by Saudi Arabia,"), matched letter by letter so that misspelt and run-together
/// copies ("backed bySaudi Arabai") count too. Linear in the article for each of at most 8
/// phrases of at most ``maxPhraseBytes``.
public struct RepetitionFinder: Sendable {
    public init() {}

    /// Longest phrase looked for, in bytes: matching costs the phrase's length times the
    /// article's, and a "phrase" of three words of a megabyte each made that quadratic. Real
    /// tags run to a few dozen letters (", backed by Saudi Arabia,").
    public static let maxPhraseBytes = 200

    public func find(_ text: TechniqueText) -> [TechniqueSpan] {
        // Candidate phrases: word n-grams (3...8 words, all in one sentence) seen 3+ times,
        // counted by hashes of word ids (no strings), then the frequent ones located.
        var ids: [String: UInt64] = [:]
        let sentenceIDs: [[UInt64]] = text.words.indices.map { s in
            zip(text.words[s], text.tokens[s]).map { word, token in
                if token.kind == .punctuation { return 0 }
                if let id = ids[word] { return id }
                let id = UInt64(ids.count + 1)
                ids[word] = id
                return id
            }
        }
        func forEachGram(_ body: (UInt64, Int, Int, Int) -> Void) {
            for (s, sentence) in sentenceIDs.enumerated() where sentence.count >= 3 {
                for i in sentence.indices where sentence[i] != 0 && text.tokens[s][i].kind == .word {
                    var h: UInt64 = 0xcbf2_9ce4_8422_2325
                    for n in 1...8 where i + n <= sentence.count {
                        let id = sentence[i + n - 1]
                        if id == 0 { break }
                        h = (h ^ id) &* 0x100_0000_01b3
                        if n >= 3 { body(h, s, i, n) }
                    }
                }
            }
        }
        var counts: [UInt64: Int32] = [:]
        forEachGram { key, _, _, _ in counts[key, default: 0] += 1 }
        var seen: [UInt64: [(Int, Int, Int)]] = [:]  // key → (sentence, first token, length)
        forEachGram { key, s, i, n in
            if counts[key]! >= 3 { seen[key, default: []].append((s, i, n)) }
        }
        // Keep the longest phrases (a repeated 5-gram also repeats its 3-grams), appended ones only.
        var phrases: [(key: String, letters: [UInt8])] = []
        let ordered = seen.values.sorted { a, b in a[0].2 != b[0].2 ? a[0].2 > b[0].2 : (a[0].0, a[0].1) < (b[0].0, b[0].1) }
        for places in ordered {
            let (s0, i0, n) = places[0]
            guard text.words[s0][i0..<(i0 + n)].reduce(n - 1, { $0 + $1.utf8.count }) <= Self.maxPhraseBytes else { continue }
            let key = text.words[s0][i0..<(i0 + n)].joined(separator: " ")
            guard !phrases.contains(where: { $0.key.contains(key) }) else { continue }
            let appended = places.filter { place in
                let (s, i, _) = place
                return i > 0 && [",", "(", "—", "–", "-"].contains(text.words[s][i - 1])
            }
            guard appended.count >= 2 else { continue }
            phrases.append((key, Self.letters(Array(key.utf8))))
            if phrases.count == 8 { break }
        }
        guard !phrases.isEmpty else { return [] }
        // Letters of the article (lower-cased ASCII letters and digits), mapped back to bytes.
        var letters: [UInt8] = []
        var origin: [Int] = []
        for (offset, byte) in text.bytes.enumerated() {
            if let letter = Self.letter(byte) {
                letters.append(letter)
                origin.append(offset)
            }
        }
        var out: [TechniqueSpan] = []
        for phrase in phrases {
            let budget = max(1, phrase.letters.count / 8)
            for (start, end, distance) in Self.approximateMatches(of: phrase.letters, in: letters, maxDistance: budget) {
                let range = TextRange(origin[start], origin[end - 1] + 1)
                let cue = distance == 0
                    ? "“\(phrase.key)” appended again"
                    : "“\(phrase.key)” appended again (misspelt, \(distance) letter\(distance == 1 ? "" : "s") off)"
                out.append(TechniqueSpan(range: range, technique: .repetition, score: 1, cue: cue))
            }
        }
        return out
    }

    /// An ASCII letter lower-cased, or a digit; nil for anything else (spaces, punctuation,
    /// other scripts), so copies differing only in those still match letter by letter.
    @inline(__always)
    static func letter(_ byte: UInt8) -> UInt8? {
        let lower = (byte >= 65 && byte <= 90) ? byte + 32 : byte
        return ((lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57)) ? lower : nil
    }

    static func letters(_ bytes: [UInt8]) -> [UInt8] { bytes.compactMap(letter) }

    /// Non-overlapping places where `pattern` occurs in `text` with at most `maxDistance`
    /// edits (Sellers' dynamic programme: O(|pattern| · |text|)), as (start, end, distance).
    static func approximateMatches(of pattern: [UInt8], in text: [UInt8], maxDistance: Int) -> [(Int, Int, Int)] {
        let m = pattern.count
        guard m > 0, !text.isEmpty else { return [] }
        // column[i]: least edits to match pattern[0..<i] ending at the current text position;
        // start[i]: where that match starts.
        var column = Array(0...m)
        var start = [Int](repeating: 0, count: m + 1)
        var ends: [(end: Int, start: Int, distance: Int)] = []
        for j in 0..<text.count {
            // A match may begin at text[j]: the empty prefix costs nothing there.
            var previousDiagonal = 0, previousDiagonalStart = j
            column[0] = 0
            start[0] = j + 1
            for i in 1...m {
                let above = column[i]
                let aboveStart = start[i]
                let substitution = previousDiagonal + (pattern[i - 1] == text[j] ? 0 : 1)
                let deletion = column[i - 1] + 1  // pattern letter skipped
                let insertion = above + 1  // text letter skipped
                if substitution <= deletion && substitution <= insertion {
                    column[i] = substitution
                    start[i] = previousDiagonalStart
                } else if deletion <= insertion {
                    column[i] = deletion
                    start[i] = start[i - 1]
                } else {
                    column[i] = insertion
                    start[i] = aboveStart
                }
                previousDiagonal = above
                previousDiagonalStart = aboveStart
            }
            if column[m] <= maxDistance { ends.append((j + 1, start[m], column[m])) }
        }
        // Of overlapping candidate ends, keep the best (fewest edits, then longest).
        var out: [(Int, Int, Int)] = []
        var k = 0
        while k < ends.count {
            var best = ends[k]
            var next = k + 1
            while next < ends.count, ends[next].start < best.end {
                if ends[next].distance < best.distance { best = ends[next] }
                next += 1
            }
            out.append((best.start, best.end, best.distance))
            k = next
        }
        return out
    }
}
