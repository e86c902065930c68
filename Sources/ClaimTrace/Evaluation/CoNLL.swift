import Foundation

/// The CoNLL-2003 named-entity data: one token a line (`word POS chunk NER`), blank lines
/// between sentences, `-DOCSTART-` between documents.
public enum CoNLL {
    public struct Sentence: Sendable {
        public var words: [String]
        /// Named-entity tags (the last column).
        public var tags: [String]
        /// Part-of-speech tags (second column) and phrase chunk tags (third column), when the
        /// file has them.
        public var pos: [String] = []
        public var phrases: [String] = []

        public init(words: [String], tags: [String], pos: [String] = [], phrases: [String] = []) {
            self.words = words
            self.tags = tags
            self.pos = pos
            self.phrases = phrases
        }
    }

    /// The sentences of a CoNLL file.
    public static func read(_ path: String) throws -> [Sentence] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw EvaluationError.missingData(path, "a CoNLL-2003 file (token POS chunk NER per line)")
        }
        var sentences: [Sentence] = []
        var current = Sentence(words: [], tags: [])
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let fields = line.split(separator: " ")
            if fields.isEmpty || fields[0] == "-DOCSTART-" {
                if !current.words.isEmpty { sentences.append(current) }
                current = Sentence(words: [], tags: [])
                continue
            }
            guard fields.count >= 2 else { continue }
            current.words.append(String(fields[0]))
            current.tags.append(String(fields[fields.count - 1]))
            if fields.count >= 4 {
                current.pos.append(String(fields[1]))
                current.phrases.append(String(fields[2]))
            }
        }
        if !current.words.isEmpty { sentences.append(current) }
        return sentences
    }

    /// Entity chunks of an IOB tag sequence, with conlleval's semantics: a chunk starts at
    /// `B-X`, or at `I-X` after a tag of another type; it continues over `I-X`.
    public static func chunks(_ tags: [String]) -> [Chunk] {
        var out: [Chunk] = []
        var open: (type: Substring, start: Int)?
        for (i, tag) in tags.enumerated() {
            let prefix = tag.first
            let type = tag.count > 2 ? tag.dropFirst(2) : ""
            let continues = prefix == "I" && open?.type == type
            if let o = open, !continues {
                out.append(Chunk(type: String(o.type), start: o.start, end: i))
                open = nil
            }
            if prefix == "B" || (prefix == "I" && !continues) { open = (type, i) }
        }
        if let o = open { out.append(Chunk(type: String(o.type), start: o.start, end: tags.count)) }
        return out
    }

    public struct Chunk: Hashable, Sendable {
        public var type: String
        public var start: Int
        public var end: Int
    }
}

/// Precision, recall and F1 by type and overall, from exact-match counts.
public struct SpanScores: Sendable {
    public struct Counts: Sendable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public var precision: Double { Self.ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { Self.ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        static func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
    }

    public var byType: [String: Counts] = [:]
    public var overall = Counts()

    public init() {}

    /// Adds one sentence's chunks.
    public mutating func add(gold: [CoNLL.Chunk], predicted: [CoNLL.Chunk]) {
        let goldSet = Set(gold)
        let predictedSet = Set(predicted)
        for c in predictedSet {
            if goldSet.contains(c) {
                byType[c.type, default: Counts()].truePositives += 1
                overall.truePositives += 1
            } else {
                byType[c.type, default: Counts()].falsePositives += 1
                overall.falsePositives += 1
            }
        }
        for c in goldSet where !predictedSet.contains(c) {
            byType[c.type, default: Counts()].falseNegatives += 1
            overall.falseNegatives += 1
        }
    }

    /// A table like conlleval's.
    public func table(title: String) -> String {
        var lines = [title, "type        precision  recall      F1   gold  predicted"]
        func row(_ name: String, _ c: Counts) -> String {
            let gold = c.truePositives + c.falseNegatives
            let predicted = c.truePositives + c.falsePositives
            return name.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "%11.4f %7.4f %7.4f %6d %10d", c.precision, c.recall, c.f1, gold, predicted)
        }
        for type in byType.keys.sorted() { lines.append(row(type, byType[type]!)) }
        lines.append(row("overall", overall))
        return lines.joined(separator: "\n")
    }
}

/// Errors of the evaluation commands.
public enum EvaluationError: Error, Sendable, CustomStringConvertible {
    case missingData(String, String)

    public var description: String {
        switch self {
        case .missingData(let path, let what):
            return "\(path): not found or unreadable; expected \(what). Pass the folder with --data (e.g. ../shared/eval/conll2003)."
        }
    }
}
