public import Foundation

/// BERT's uncased WordPiece tokenizer, as all-MiniLM-L6-v2 was trained with it:
/// clean the text (drop NUL, U+FFFD and control characters; every kind of whitespace becomes a
/// space), put spaces around CJK ideographs, split on whitespace, lower-case, strip accents
/// (NFD, then drop nonspacing marks), split off every punctuation character, then cut each word
/// greedily into the longest pieces found in the vocabulary ("##" marks a continuation). A word
/// longer than 100 characters, or one that cannot be cut completely, becomes [UNK]. As in the
/// Hugging Face tokenizer the model ships with, a special token written literally in the text
/// ("[UNK]", "[MASK]", exactly so) stands for its own id, and lower-casing has no context
/// rules (a final capital sigma becomes σ).
public struct WordPieceTokenizer: Sendable {
    /// Token → id, keyed by the token's UTF-8 bytes: Swift strings compare by canonical
    /// equivalence, which would match a decomposed Hangul syllable against its composed
    /// vocabulary entry where BERT's tokenizer (comparing code points) does not.
    let vocabulary: [[UInt8]: Int32]
    public var vocabularySize: Int { vocabulary.count }
    public let unknownID: Int32
    public let classifierID: Int32
    public let separatorID: Int32
    public let paddingID: Int32
    /// Most tokens in one sequence, [CLS] and [SEP] included.
    public let maximumLength: Int
    static let maximumWordCharacters = 100

    public init(vocabularyFile path: String, maximumLength: Int = 256) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(file: path, problem: "cannot read the vocabulary")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelFileError(file: path, problem: "vocabulary is not UTF-8")
        }
        var vocabulary: [[UInt8]: Int32] = [:]
        var index: Int32 = 0
        // One token per line, its line number is its id; the last line's newline is optional.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            var bytes = Array(line)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            if vocabulary[bytes] == nil { vocabulary[bytes] = index }
            index += 1
        }
        try self.init(byteVocabulary: vocabulary, maximumLength: maximumLength, file: path)
    }

    /// A tokenizer over an in-memory vocabulary (token → id).
    public init(vocabulary: [String: Int32], maximumLength: Int = 256) throws {
        var bytes: [[UInt8]: Int32] = [:]
        for (token, id) in vocabulary { bytes[Array(token.utf8)] = id }
        try self.init(byteVocabulary: bytes, maximumLength: maximumLength, file: "vocabulary")
    }

    init(byteVocabulary vocabulary: [[UInt8]: Int32], maximumLength: Int, file: String) throws {
        func require(_ token: String) throws -> Int32 {
            guard let id = vocabulary[Array(token.utf8)] else {
                throw ModelFileError(file: file, problem: "vocabulary lacks \(token)")
            }
            return id
        }
        self.vocabulary = vocabulary
        self.unknownID = try require("[UNK]")
        self.classifierID = try require("[CLS]")
        self.separatorID = try require("[SEP]")
        self.paddingID = try require("[PAD]")
        self.maximumLength = max(2, maximumLength)
    }

    static let specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    /// Token ids with [CLS] first and [SEP] last, truncated to `maximumLength`.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [classifierID]
        let budget = maximumLength - 2
        for part in splitSpecialTokens(text) {
            if ids.count - 1 >= budget { break }
            switch part {
            case .special(let id):
                ids.append(id)
            case .text(let stretch):
                for word in basicTokens(stretch) {
                    if ids.count - 1 >= budget { break }
                    appendPieces(of: word, to: &ids)
                }
            }
        }
        if ids.count - 1 > budget { ids.removeLast(ids.count - 1 - budget) }
        ids.append(separatorID)
        return ids
    }

    /// The pieces as strings, for display and tests.
    public func pieces(_ text: String) -> [String] {
        var reverse: [Int32: String] = [:]
        for (token, id) in vocabulary { reverse[id] = String(decoding: token, as: UTF8.self) }
        return encode(text).map { reverse[$0] ?? "?" }
    }

    enum Part {
        case text(Substring)
        case special(Int32)
    }

    /// The text cut at literal special tokens (case-sensitive, leftmost first).
    func splitSpecialTokens(_ text: String) -> [Part] {
        guard text.contains("[") else { return [.text(text[...])] }
        var parts: [Part] = []
        var stretchStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "[" {
                let rest = text[index...]
                if let token = Self.specialTokens.first(where: { rest.hasPrefix($0) }),
                    let id = vocabulary[Array(token.utf8)]
                {
                    if stretchStart < index { parts.append(.text(text[stretchStart..<index])) }
                    parts.append(.special(id))
                    index = text.index(index, offsetBy: token.count)
                    stretchStart = index
                    continue
                }
            }
            index = text.index(after: index)
        }
        if stretchStart < text.endIndex { parts.append(.text(text[stretchStart...])) }
        return parts
    }

    // MARK: basic tokenization

    /// Words after cleaning, CJK spacing, whitespace splitting, lower-casing, accent stripping
    /// and punctuation splitting.
    func basicTokens(_ text: Substring) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        func finish() {
            if !current.isEmpty {
                normalizeAndSplit(current, into: &words)
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD { continue }
            if Self.isWhitespace(scalar) { finish(); continue }
            if Self.isControl(scalar) { continue }
            if Self.isCJK(value) {
                finish()
                words.append([scalar])
                continue
            }
            current.append(scalar)
        }
        finish()
        return words
    }

    /// Lower-cases and strips accents from one whitespace-separated token, then splits it at
    /// punctuation, appending the parts to `words`.
    private func normalizeAndSplit(_ token: [Unicode.Scalar], into words: inout [[Unicode.Scalar]]) {
        let normalized: [Unicode.Scalar]
        if token.allSatisfy({ $0.isASCII }) {
            normalized = token.map { scalar in
                (scalar.value >= 65 && scalar.value <= 90) ? Unicode.Scalar(scalar.value + 32)! : scalar
            }
        } else {
            var lowered = String.UnicodeScalarView()
            for scalar in token { lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars) }
            let decomposed = String(lowered).decomposedStringWithCanonicalMapping
            normalized = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
        }
        var part: [Unicode.Scalar] = []
        for scalar in normalized {
            if Self.isPunctuation(scalar) {
                if !part.isEmpty { words.append(part); part.removeAll(keepingCapacity: true) }
                words.append([scalar])
            } else {
                part.append(scalar)
            }
        }
        if !part.isEmpty { words.append(part) }
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D: return true
        default:
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value)
            || (123...126).contains(value)
        {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isCJK(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x20000...0x2A6DF).contains(value) || (0x2A700...0x2B73F).contains(value)
            || (0x2B740...0x2B81F).contains(value) || (0x2B820...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }

    // MARK: WordPiece

    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        if word.count > Self.maximumWordCharacters {
            ids.append(unknownID)
            return
        }
        // UTF-8 of the word, with the byte offset where each scalar starts.
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        bytes.reserveCapacity(word.count * 2)
        for scalar in word {
            offsets.append(bytes.count)
            bytes.append(contentsOf: scalar.utf8)
        }
        offsets.append(bytes.count)
        var pieces: [Int32] = []
        var candidate: [UInt8] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                candidate.removeAll(keepingCapacity: true)
                if start > 0 { candidate.append(contentsOf: [0x23, 0x23]) }  // "##"
                candidate.append(contentsOf: bytes[offsets[start]..<offsets[end]])
                if let id = vocabulary[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.append(unknownID)
                return
            }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces)
    }
}
