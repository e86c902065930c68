/// A paragraph seen as a line of a web page: its text with Markdown decoration removed and
/// lower-cased, with counts the boilerplate and metadata stages look at.
struct BlockText {
    /// Lower-cased text, Markdown links reduced to their text, emphasis and heading marks gone.
    var lower: [UInt8]
    /// The same text with its case kept.
    var plain: [UInt8]
    var words: Int
    /// Letters inside links (Markdown `[..](..)`, bare URLs, or reader link hints).
    var linkLetters: Int
    var letters: Int
    /// Ends in sentence punctuation (`.`, `!`, `?`, a closing quote after one).
    var endsLikeSentence: Bool

    var linkDensity: Double { letters == 0 ? 0 : Double(linkLetters) / Double(letters) }
    var plainString: String { String(decoding: plain, as: UTF8.self) }

    /// - Complexity: O(n) in the block's length.
    init(_ b: UnsafeBufferPointer<UInt8>, _ range: TextRange, linkHints: [TextRange] = []) {
        var plain: [UInt8] = []
        plain.reserveCapacity(range.length)
        var linkLetters = 0
        var i = range.start
        var inLinkText = 0
        var hint = linkHints.firstIndex { $0.end > range.start } ?? linkHints.count
        while i < range.end {
            let c = b[i]
            while hint < linkHints.count, linkHints[hint].end <= i { hint += 1 }
            let inHint = hint < linkHints.count && linkHints[hint].contains(i)
            switch c {
            case UInt8(ascii: "["):
                inLinkText += 1
                i += 1
                continue
            case UInt8(ascii: "]") where inLinkText > 0:
                inLinkText -= 1
                // Skip the "(url)" that follows.
                if i + 1 < range.end, b[i + 1] == UInt8(ascii: "(") {
                    var j = i + 2
                    while j < range.end, b[j] != UInt8(ascii: ")"), j - i < 2048 { j += 1 }
                    i = j + 1
                } else {
                    i += 1
                }
                continue
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "#"), UInt8(ascii: "\\"):
                i += 1
                continue
            default:
                break
            }
            if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A && (inLinkText > 0 || inHint) { linkLetters += 1 }
            plain.append(c == 0x0A || c == 0x09 || c == 0x0D ? 0x20 : c)
            i += 1
        }
        // Bare URLs count as links.
        var k = 0
        while k + 4 < plain.count {
            if (plain[k] == UInt8(ascii: "h") && plain[k + 1] == UInt8(ascii: "t") && plain[k + 2] == UInt8(ascii: "t")
                && plain[k + 3] == UInt8(ascii: "p"))
                || (plain[k] == UInt8(ascii: "w") && plain[k + 1] == UInt8(ascii: "w") && plain[k + 2] == UInt8(ascii: "w")
                    && plain[k + 3] == UInt8(ascii: "."))
            {
                var e = k
                while e < plain.count, plain[e] != 0x20 {
                    if (plain[e] | 0x20) >= 0x61 && (plain[e] | 0x20) <= 0x7A { linkLetters += 1 }
                    e += 1
                }
                k = e
            } else {
                k += 1
            }
        }
        // Trim and collapse.
        var trimmed: [UInt8] = []
        trimmed.reserveCapacity(plain.count)
        var space = false
        var letters = 0
        var words = 0
        var inWord = false
        for c in plain {
            if c == 0x20 {
                space = !trimmed.isEmpty
                inWord = false
                continue
            }
            if space { trimmed.append(0x20) }
            space = false
            trimmed.append(c)
            let isLetter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c >= 0x80 || (c >= 0x30 && c <= 0x39)
            if isLetter {
                if c & 0xC0 != 0x80 { letters += 1 }  // one per scalar, not per UTF-8 byte
                if !inWord { words += 1 }
                inWord = true
            }
        }
        self.plain = trimmed
        self.lower = trimmed.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }
        self.words = words
        self.letters = letters
        self.linkLetters = min(linkLetters, letters)
        var end = trimmed.count
        while end > 0, [UInt8(ascii: "\""), 0x9D, 0x80, 0xE2, 0x99, UInt8(ascii: ")"), UInt8(ascii: "'")].contains(trimmed[end - 1]) {
            end -= 1
        }
        self.endsLikeSentence = end > 0 && [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?")].contains(trimmed[end - 1])
    }

    func hasPrefix(_ phrase: [UInt8]) -> Bool { lower.starts(with: phrase) }

    /// Whether `phrase` occurs at byte `position` of ``lower``.
    func matches(_ phrase: [UInt8], at position: Int) -> Bool {
        guard position + phrase.count <= lower.count else { return false }
        for k in 0..<phrase.count where lower[position + k] != phrase[k] { return false }
        return true
    }
}
