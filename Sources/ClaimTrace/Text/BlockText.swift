/// Every paragraph of a document read as a ``BlockText``, built once and shared by the stages
/// that look at line shape (boilerplate, metadata).
public struct ParagraphBlocks: Sendable {
    let items: [BlockText]

    /// - Complexity: O(n) in the text length.
    public init(_ text: String, paragraphs: [TextRange], hints: ReaderHints) {
        var copy = text
        items = copy.withUTF8 { b in paragraphs.map { BlockText(b, $0, linkHints: hints.links) } }
    }
}

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

    /// - Complexity: O(n) in the block's length (plus O(log h) to find its first link hint).
    init(_ b: UnsafeBufferPointer<UInt8>, _ range: TextRange, linkHints: [TextRange] = []) {
        var plain: [UInt8] = []
        var lower: [UInt8] = []
        plain.reserveCapacity(range.length)
        lower.reserveCapacity(range.length)
        var linkLetters = 0
        var letters = 0
        var words = 0
        var inWord = false
        var pendingSpace = false
        var inLinkText = 0
        // First link hint that may overlap the block (hints are sorted by start).
        var lo = 0
        var hi = linkHints.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if linkHints[mid].end <= range.start { lo = mid + 1 } else { hi = mid }
        }
        var hint = lo
        var i = range.start
        while i < range.end {
            let c = b[i]
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
            case 0x20, 0x0A, 0x09, 0x0D:
                pendingSpace = !plain.isEmpty
                inWord = false
                i += 1
                continue
            default:
                break
            }
            if pendingSpace {
                plain.append(0x20)
                lower.append(0x20)
                pendingSpace = false
            }
            plain.append(c)
            let isUpper = c >= 0x41 && c <= 0x5A
            // Latin-1 capitals (À..Þ but ×, UTF-8 C3 80..9E) are lowered too, so that cue
            // phrases of other languages match: "Über den Autor", "ÄHNLICHE BEITRÄGE".
            let lowersLatin1 = c >= 0x80 && c <= 0x9E && c != 0x97 && lower.last == 0xC3
            lower.append(isUpper || lowersLatin1 ? c | 0x20 : c)
            let isASCIILetter = isUpper || (c >= 0x61 && c <= 0x7A)
            if isASCIILetter || c >= 0x80 || (c >= 0x30 && c <= 0x39) {
                if c & 0xC0 != 0x80 { letters += 1 }  // one per scalar, not per UTF-8 byte
                if !inWord { words += 1 }
                inWord = true
                if isASCIILetter {
                    if inLinkText > 0 {
                        linkLetters += 1
                    } else if hint < linkHints.count {
                        while hint < linkHints.count, linkHints[hint].end <= i { hint += 1 }
                        if hint < linkHints.count, linkHints[hint].contains(i) { linkLetters += 1 }
                    }
                }
            } else {
                inWord = false
            }
            i += 1
        }
        // Bare URLs count as links.
        var k = 0
        while k + 4 < lower.count {
            if (lower[k] == UInt8(ascii: "h") && lower[k + 1] == UInt8(ascii: "t") && lower[k + 2] == UInt8(ascii: "t")
                && lower[k + 3] == UInt8(ascii: "p"))
                || (lower[k] == UInt8(ascii: "w") && lower[k + 1] == UInt8(ascii: "w") && lower[k + 2] == UInt8(ascii: "w")
                    && lower[k + 3] == UInt8(ascii: "."))
            {
                var e = k
                while e < lower.count, lower[e] != 0x20 {
                    if lower[e] >= 0x61 && lower[e] <= 0x7A { linkLetters += 1 }
                    e += 1
                }
                k = e
            } else {
                k += 1
            }
        }
        self.plain = plain
        self.lower = lower
        self.words = words
        self.letters = letters
        self.linkLetters = min(linkLetters, letters)
        var end = plain.count
        while end > 0, [UInt8(ascii: "\""), 0x9D, 0x80, 0xE2, 0x99, UInt8(ascii: ")"), UInt8(ascii: "'")].contains(plain[end - 1]) {
            end -= 1
        }
        self.endsLikeSentence = end > 0 && [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?")].contains(plain[end - 1])
    }

    /// Whether the lower-cased text starts with `phrase` (given in lower case).
    func hasPrefix(_ phrase: StaticString) -> Bool {
        phrase.withUTF8Buffer { p in
            guard p.count <= lower.count else { return false }
            for k in 0..<p.count where lower[k] != p[k] { return false }
            return true
        }
    }

    /// Whether the lower-cased text contains `phrase` (given in lower case). A cheap pre-filter
    /// before slower String work.
    /// - Complexity: O(n) for short phrases.
    func contains(_ phrase: StaticString) -> Bool { ByteSearch.contains(lower, phrase) }

    /// Whether any byte is an ASCII digit.
    var hasDigit: Bool { lower.contains { $0 >= 0x30 && $0 <= 0x39 } }

    /// Whether `phrase` occurs at byte `position` of ``lower``.
    func matches(_ phrase: [UInt8], at position: Int) -> Bool {
        guard position + phrase.count <= lower.count else { return false }
        for k in 0..<phrase.count where lower[position + k] != phrase[k] { return false }
        return true
    }
}
