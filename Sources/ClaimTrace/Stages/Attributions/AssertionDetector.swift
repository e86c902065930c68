/// A sentence the author asserts with no source: a fact one could check.
public struct Assertion: Sendable, Hashable, Codable {
    public var range: TextRange
    /// Why it is check-worthy: "quantity", "date", "names".
    public var reasons: [String]
}

/// Marks check-worthy sentences that no attribution covers as the author's own claims.
///
/// A sentence qualifies when it states something (holds a verb phrase, is not a question or a
/// heading-like fragment) about something checkable: a quantity, a date, or named people,
/// organisations or groups (or two places).
public struct AssertionDetector: Sendable {
    public let phrases: TaggingModel?
    public let tokenizer = Tokenizer()

    public init(phrases: TaggingModel? = TaggingModel.phrases) { self.phrases = phrases }

    static let quantityWords: Set<String> = [
        "hundreds", "thousands", "millions", "billions", "dozens", "scores", "hundred", "thousand", "million",
        "billion", "percent", "half", "twice", "double", "triple", "majority", "minority",
    ]

    /// - Complexity: O(tokens + (sentences + attributions + mentions + dates) × log of them),
    ///   plus tagging of the candidate sentences.
    public func detect(
        _ text: String, sentences: [TextRange], attributions: [Attribution], mentions: [Mention], dates: [DateExpression]
    ) -> [Assertion] {
        let covered = OverlapIndex(attributions.flatMap { [$0.content, $0.cue] + ($0.source.map { [$0] } ?? []) })
        let mentionStarts = PositionIndex(mentions.map { TextRange($0.range.start, $0.range.start) })
        let dateStarts = PositionIndex(dates.map { TextRange($0.range.start, $0.range.start) })
        var copy = text
        return copy.withUTF8 { bytes in
            var out: [Assertion] = []
            for sentence in sentences where !covered.overlaps(sentence) {
                let tokens = MentionExtractor.withoutMarkup(tokenizer.tokens(bytes: bytes, in: sentence), bytes)
                let words = tokens.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range.start..<$0.range.end]), as: UTF8.self) }
                guard words.filter({ $0.first?.isLetter == true }).count >= 6, words.last != "?" else { continue }
                var reasons: [String] = []
                if tokens.contains(where: { $0.kind == .number }) || words.contains(where: { Self.quantityWords.contains($0.lowercased()) }) {
                    reasons.append("quantity")
                }
                if !dateStarts.starting(in: sentence).isEmpty { reasons.append("date") }
                let named = mentionStarts.starting(in: sentence).map { mentions[$0] }
                if named.contains(where: { [.person, .organization, .group, .media].contains($0.type) })
                    || named.filter({ $0.type == .place }).count >= 2
                {
                    reasons.append("names")
                }
                guard !reasons.isEmpty else { continue }
                if let phrases {
                    let hasVerb = CoNLL.chunks(phrases.tags(words)).contains { $0.type == "VP" }
                    guard hasVerb else { continue }
                }
                out.append(Assertion(range: sentence, reasons: reasons))
            }
            return out
        }
    }
}
