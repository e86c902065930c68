/// A token of a text: a word, a number or a punctuation mark, with its byte range.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case word, number, punctuation }
    public var range: TextRange
    public var kind: Kind
}

/// Splits text into tokens with a hand-written UTF-8 scan.
///
/// Words keep inner hyphens and apostrophes ("al-Baghdadi", "don't"); a possessive "'s" is its
/// own token; dotted acronyms and known abbreviations keep their periods ("U.S.", "Gen.");
/// numbers keep separators ("7,000", "24.95").
public struct Tokenizer: Sendable {
    /// Abbreviations that keep their period ("Gen.", "Dr.", "Feb."), as case-folded keys.
    private let abbreviations: Set<UInt64>

    /// The keys of the shared lexicon, built once: stages create tokenizers per claim, per
    /// attribution and per entity.
    private static let sharedKeys = keys(Lexicon.shared)

    public init() { abbreviations = Self.sharedKeys }

    public init(lexicon: Lexicon) { abbreviations = Self.keys(lexicon) }

    private static func keys(_ lexicon: Lexicon) -> Set<UInt64> { Set(lexicon.abbreviations.compactMap(ByteKey.lower)) }

    /// - Complexity: O(n).
    public func tokens(_ text: String, in range: TextRange? = nil) -> [Token] {
        var copy = text
        return copy.withUTF8 { tokens(bytes: $0, in: range ?? TextRange(0, $0.count)) }
    }

    public func tokens(bytes b: UnsafeBufferPointer<UInt8>, in range: TextRange) -> [Token] {
        var out: [Token] = []
        var i = range.start
        let end = min(range.end, b.count)
        while i < end {
            let (scalar, width) = Self.decode(b, i, end)
            if Self.isSpace(scalar) {
                i += width
                continue
            }
            if Self.isDigit(scalar) {
                var j = i + width
                while j < end {
                    let (c, w) = Self.decode(b, j, end)
                    if Self.isDigit(c) {
                        j += w
                    } else if c == "," || c == ".", j + 1 < end, Self.isDigit(Unicode.Scalar(b[j + 1])) {
                        j += 1
                    } else {
                        break
                    }
                }
                // "7,000s", "3rd": letters glued to a number stay with it.
                while j < end {
                    let (c, w) = Self.decode(b, j, end)
                    guard Self.isLetter(c) else { break }
                    j += w
                }
                out.append(Token(range: TextRange(i, j), kind: .number))
                i = j
                continue
            }
            if Self.isLetter(scalar) {
                var j = i + width
                while j < end {
                    let (c, w) = Self.decode(b, j, end)
                    if Self.isLetter(c) || Self.isDigit(c) || c.properties.generalCategory == .nonspacingMark {
                        j += w
                        continue
                    }
                    // Inner hyphen or apostrophe followed by a letter; "'s" splits off.
                    if c == "-" || c == "'" || c == "\u{2019}" {
                        let after = j + w
                        guard after < end else { break }
                        let (d, dw) = Self.decode(b, after, end)
                        // "al-Qaeda", and "Rossiya-24", "B-52" with a hyphen before digits.
                        guard Self.isLetter(d) || (c == "-" && Self.isDigit(d)) else { break }
                        if c != "-", d == "s" || d == "S" {
                            let afterS = after + dw
                            if afterS >= end || !Self.isLetter(Self.decode(b, afterS, end).0) { break }
                        }
                        j = after
                        continue
                    }
                    // Dotted acronyms: single letters separated by periods ("U.S.", "U.N.").
                    if c == ".", j - i == 1, j + 2 <= end {
                        var k = j
                        var letters = 1
                        while k + 1 < end, b[k] == UInt8(ascii: "."), DateExpressions.isLetter(b[k + 1]),
                            k + 2 >= end || !DateExpressions.isLetter(b[k + 2])
                        {
                            k += 2
                            letters += 1
                        }
                        if letters >= 2 {
                            j = k < end && b[k] == UInt8(ascii: ".") ? k + 1 : k
                        }
                        break
                    }
                    break
                }
                // Known abbreviations keep their period ("Maj.", "Gen.", "Dr."), and so does a
                // middle initial before a name ("Joseph R. Biden", "Charles E. Grassley").
                if j < end, b[j] == UInt8(ascii: "."), let key = ByteKey.lower(b, i, j + 1), abbreviations.contains(key) {
                    j += 1
                } else if j == i + 1, j + 2 < end, b[j] == UInt8(ascii: "."), b[j + 1] == UInt8(ascii: " "),
                    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b[i]), (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b[j + 2]),
                    i > 0, b[i - 1] == UInt8(ascii: " "), j + 3 < end, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b[j + 3]),
                    Self.capitalizedWord(endingAt: i - 1, b)
                {
                    j += 1
                }
                out.append(Token(range: TextRange(i, j), kind: .word))
                i = j
                continue
            }
            // A possessive "'s" after a word is one token.
            if scalar == "'" || scalar == "\u{2019}", let last = out.last, last.kind == .word, last.range.end == i,
                i + width < end, b[i + width] | 0x20 == UInt8(ascii: "s"),
                i + width + 1 >= end || !Self.isLetter(Self.decode(b, i + width + 1, end).0)
            {
                out.append(Token(range: TextRange(i, i + width + 1), kind: .word))
                i += width + 1
                continue
            }
            out.append(Token(range: TextRange(i, i + width), kind: .punctuation))
            i += width
        }
        return out
    }

    /// Whether the word that ends at byte `end` (exclusive) opens with a capital: a given name
    /// before a middle initial ("Joseph R."), not "plan B.". Looks back at most 40 bytes.
    static func capitalizedWord(endingAt end: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = end
        while k > 0, end - k < 40, b[k - 1] != UInt8(ascii: " "), b[k - 1] != UInt8(ascii: "\n"), b[k - 1] != UInt8(ascii: "\r") { k -= 1 }
        return k < end && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b[k])
    }

    @inline(__always) static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (Unicode.Scalar, Int) {
        let c = b[i]
        if c < 0x80 { return (Unicode.Scalar(c), 1) }
        var width = 1
        var value: UInt32
        if c & 0xE0 == 0xC0 {
            width = 2; value = UInt32(c & 0x1F)
        } else if c & 0xF0 == 0xE0 {
            width = 3; value = UInt32(c & 0x0F)
        } else if c & 0xF8 == 0xF0 {
            width = 4; value = UInt32(c & 0x07)
        } else {
            return ("\u{FFFD}", 1)
        }
        guard i + width <= end else { return ("\u{FFFD}", 1) }
        for k in 1..<width { value = value << 6 | UInt32(b[i + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }

    @inline(__always) static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? (s == " " || s == "\n" || s == "\t" || s == "\r" || s == "\u{0C}") : s.properties.isWhitespace
    }
    @inline(__always) static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    @inline(__always) static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A }
        return s.properties.isAlphabetic
    }
}
