/// Finds quantities in the sentences: a number (digits or words, with "million" and the like),
/// the qualifier before it ("nearly", "more than", "at least"), and the noun it counts, with
/// synonyms folded (`Resources/quantity-subjects.txt`).
public struct QuantityExtractor: Sendable {
    public let tokenizer = Tokenizer()
    /// Surface noun → normalised subject ("terrorists" → "fighters").
    let subjects: [String: String]

    public init(lexicon: Lexicon = .shared) { subjects = lexicon.quantitySubjects }

    static let numberWords: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
        "dozens": 24, "hundreds": 200, "thousands": 2000, "scores": 40,
    ]
    static let scales: [String: Double] = ["hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000]
    static let qualifiers: [(words: [String], qualifier: Quantity.Qualifier)] = [
        (["more", "than"], .atLeast), (["at", "least"], .atLeast), (["stronger", "than"], .atLeast),
        (["upwards", "of"], .atLeast), (["over"], .atLeast), (["above"], .atLeast), (["exceeding"], .atLeast),
        (["less", "than"], .atMost), (["fewer", "than"], .atMost), (["up", "to"], .atMost), (["as", "many", "as"], .atMost),
        (["at", "most"], .atMost), (["under"], .atMost), (["nearly"], .approximately), (["almost"], .approximately),
        (["about"], .approximately), (["around"], .approximately), (["approximately"], .approximately),
        (["roughly"], .approximately), (["some"], .approximately), (["estimated", "at"], .approximately),
        (["an", "estimated"], .approximately), (["close", "to"], .approximately),
    ]

    /// - Complexity: O(tokens).
    public func extract(_ text: String, sentences: [TextRange]) -> [Quantity] {
        var copy = text
        return copy.withUTF8 { bytes in
            var out: [Quantity] = []
            for sentence in sentences {
                let tokens = tokenizer.tokens(bytes: bytes, in: sentence)
                let words = tokens.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range.start..<$0.range.end]), as: UTF8.self) }
                let lower = words.map { $0.lowercased() }
                var i = 0
                while i < tokens.count {
                    guard var (value, end) = number(at: i, tokens: tokens, lower: lower) else {
                        i += 1
                        continue
                    }
                    // Years, days of the month and clock times are not counts.
                    let isYear = value >= 1900 && value <= 2100 && !words[i].contains(",") && tokens[i].kind == .number
                    let nextIsMonth = end < lower.count && DateExpressions.months[lower[end]] != nil
                    let previousIsMonth = i > 0 && DateExpressions.months[lower[i - 1]] != nil
                    let isClockTime = end < lower.count && ["am", "pm", "a.m.", "p.m."].contains(lower[end])
                    if isYear || nextIsMonth || previousIsMonth || isClockTime {
                        i = end
                        continue
                    }
                    var high: Double?
                    // "60,000 or 70,000", "between 5 and 10", "5 to 10"
                    if end + 1 < tokens.count, ["or", "to", "and", "-", "–"].contains(lower[end]),
                        let (second, secondEnd) = number(at: end + 1, tokens: tokens, lower: lower), second > value
                    {
                        high = second
                        end = secondEnd
                    }
                    var start = i
                    var qualifier = Quantity.Qualifier.exact
                    for (qualifierWords, q) in Self.qualifiers where i >= qualifierWords.count {
                        if Array(lower[(i - qualifierWords.count)..<i]) == qualifierWords {
                            qualifier = q
                            start = i - qualifierWords.count
                            break
                        }
                    }
                    let vague = ["dozens", "hundreds", "thousands", "scores", "millions"].contains(lower[i])
                    if vague { qualifier = .approximately }
                    if value == 0 { value = 1 }
                    // The counted noun: the head of the phrase after the number ("7,000 active
                    // fighters", "20 insurgent and terrorist networks" → networks), folded by the
                    // lexicon; quote marks are skipped.
                    var subject: String?
                    var subjectRange: TextRange?
                    var k = end
                    if k < lower.count, lower[k] == "of" { k += 1 }
                    var head: Int?
                    let stops: Set<String> = ["of", "in", "from", "to", "that", "who", "which", "at", "on", "with", "by", "for", "are", "is", "were", "was", "have", "has", "had"]
                    while k < min(lower.count, end + 6) {
                        let w = lower[k]
                        if tokens[k].kind == .punctuation {
                            if ["\u{201C}", "\u{201D}", "\"", "'"].contains(w) {
                                k += 1
                                continue
                            }
                            break
                        }
                        if stops.contains(w) || Self.numberWords[w] != nil || tokens[k].kind == .number { break }
                        if w == "and" || w == "or" {
                            k += 1
                            continue
                        }
                        head = k
                        // A counted noun ends the phrase unless a coordination or another noun
                        // follows ("insurgent and terrorist networks"); "militants remain" ends here.
                        if isNoun(w) {
                            let next = k + 1 < lower.count ? lower[k + 1] : "."
                            if !(next == "and" || next == "or" || isNoun(next)) { break }
                        }
                        k += 1
                    }
                    if let h = head {
                        if let folded = subjects[lower[h]] {
                            subject = folded
                        } else if lower[h].hasSuffix("s"), lower[h].count > 3, words[h].first?.isLowercase == true {
                            subject = lower[h]
                        }
                        if subject != nil { subjectRange = tokens[h].range }
                    }
                    out.append(
                        Quantity(
                            range: TextRange(tokens[start].range.start, (subjectRange ?? tokens[end - 1].range).end),
                            value: value, high: high, qualifier: qualifier, subject: subject, subjectRange: subjectRange,
                            vague: vague))
                    i = end
                }
            }
            return out
        }
    }

    /// Whether a word can be what is counted: a listed subject or a plural.
    func isNoun(_ word: String) -> Bool {
        subjects[word] != nil || (word.hasSuffix("s") && word.count > 3 && !word.hasSuffix("ss"))
    }

    /// The number starting at token `i` (digits or words, with a scale word after it), and the
    /// index after it.
    func number(at i: Int, tokens: [Token], lower: [String]) -> (Double, Int)? {
        var value: Double
        if tokens[i].kind == .number {
            let digits = lower[i].filter { $0.isNumber || $0 == "." }
            guard let v = Double(digits), !lower[i].contains(where: \.isLetter) || lower[i].hasSuffix("s") else { return nil }
            value = v
        } else if let v = Self.numberWords[lower[i]] {
            value = v
        } else {
            return nil
        }
        var end = i + 1
        if end < lower.count, let scale = Self.scales[lower[end]] {
            value *= scale
            end += 1
        }
        return (value, end)
    }
}
