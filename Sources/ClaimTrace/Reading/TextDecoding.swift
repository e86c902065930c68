/// Turns a file's bytes into text, or says in one line why it is not text.
public struct TextDecoder: Sendable {
    public init() {}

    public struct Decoded: Sendable {
        public var text: String
        public var warnings: [String]
    }

    public enum Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case binary(String)

        public var description: String {
            switch self {
            case .empty: return "empty file, nothing to analyse"
            case .binary(let what): return "binary file (\(what)), not text; skipped"
            }
        }
    }

    /// Decodes UTF-8 (a byte-order mark is dropped), and UTF-16 or UTF-32 that starts with its
    /// byte-order mark. Text that is not valid UTF-8 is decoded as Windows-1252 with a warning,
    /// unless it is UTF-8 with a few broken bytes (``multiByteCharactersPerBrokenByte`` valid
    /// multi-byte characters or more for each): then the broken bytes become U+FFFD, also with a
    /// warning. A file cut inside its last character is repaired the same way. Empty and
    /// binary content is rejected.
    /// - Complexity: O(n).
    public func decode(_ bytes: [UInt8]) throws(Rejection) -> Decoded {
        try decode(bytes, declared: nil, html: false)
    }

    /// Decodes a page whose charset may be declared: a byte-order mark wins; then `declared`
    /// (the HTTP header's charset); then, for HTML, a `<meta>` charset in the page's head;
    /// then the detection of ``decode(_:)``. A declared legacy charset is not believed when the
    /// bytes are valid UTF-8 holding non-ASCII characters (a page saved again as UTF-8 that kept
    /// its old declaration): they are read as UTF-8.
    /// - Complexity: O(n).
    public func decode(_ bytes: [UInt8], declared: Charset?, html: Bool) throws(Rejection) -> Decoded {
        let charset = declared ?? (html ? Charset.declaredInMeta(bytes[...]) : nil)
        let byteOrderMark = Self.unicodeByteOrderMark(bytes)
        var wideText: String?
        if let (encoding, bomLength) = byteOrderMark {
            wideText = Self.decode(bytes.dropFirst(bomLength), as: encoding)
        } else if case .wide? = charset {
            wideText = charset?.decode(bytes[...])
        }
        if let wideText {
            if wideText.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) { throw .empty }
            return Decoded(text: wideText, warnings: [])
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { throw .empty }
        if let what = Self.binaryKind(body) { throw .binary(what) }
        let survey = Self.survey(body)
        var warnings: [String] = []
        if let charset, charset != .utf8, !(survey.firstInvalid == nil && survey.validMultiByte > 0) {
            if let text = charset.decode(body) { return Decoded(text: text, warnings: []) }
            warnings.append("the declared charset \"\(charset)\" is not one we can decode; the text was read without it")
        }
        var decoded = try Self.detected(body, survey: survey)
        decoded.warnings = warnings + decoded.warnings
        return decoded
    }

    /// UTF-8, repaired UTF-8 or Windows-1252, as ``decode(_:)`` says.
    private static func detected(_ body: ArraySlice<UInt8>, survey: Survey) throws(Rejection) -> Decoded {
        guard let firstBad = survey.firstInvalid else {
            return Decoded(text: String(decoding: body, as: UTF8.self), warnings: [])
        }
        if survey.invalidBytes == survey.truncatedTail {
            return Decoded(
                text: String(decoding: body, as: UTF8.self),
                warnings: [
                    "the file ends inside a UTF-8 character (its last \(survey.truncatedTail) byte\(survey.truncatedTail == 1 ? "" : "s")); the broken character was replaced with U+FFFD"
                ])
        }
        if survey.invalidBytes * Self.multiByteCharactersPerBrokenByte <= survey.validMultiByte {
            return Decoded(
                text: String(decoding: body, as: UTF8.self),
                warnings: [
                    "\(survey.invalidBytes) byte\(survey.invalidBytes == 1 ? " is" : "s are") not valid UTF-8 (first at offset \(firstBad)) in otherwise UTF-8 text; replaced with U+FFFD"
                ])
        }
        return Decoded(
            text: Self.windows1252(body),
            warnings: ["not valid UTF-8 (first bad byte at offset \(firstBad)); decoded as Windows-1252"])
    }

    /// How many valid multi-byte UTF-8 characters make text with one broken byte UTF-8 rather
    /// than Windows-1252: Windows-1252 text forms valid multi-byte sequences only by chance
    /// ("Ã©"), while UTF-8 text that lost a byte is full of them.
    static let multiByteCharactersPerBrokenByte = 8

    /// The encodings a byte-order mark can announce, besides UTF-8.
    enum Wide {
        case utf16LittleEndian, utf16BigEndian, utf32LittleEndian, utf32BigEndian
    }

    /// The UTF-16 or UTF-32 byte-order mark the bytes start with, and its length.
    static func unicodeByteOrderMark(_ bytes: [UInt8]) -> (Wide, Int)? {
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return (.utf32LittleEndian, 4) }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return (.utf32BigEndian, 4) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        return nil
    }

    /// UTF-16 or UTF-32 to String; unpaired surrogates, values out of range and a ragged last
    /// unit become U+FFFD.
    static func decode(_ bytes: ArraySlice<UInt8>, as encoding: Wide) -> String {
        var scalars = String.UnicodeScalarView()
        let base = bytes.startIndex
        switch encoding {
        case .utf16LittleEndian, .utf16BigEndian:
            let little = encoding == .utf16LittleEndian
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = base
            while i + 1 < bytes.endIndex {
                let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
                units.append(little ? a | b << 8 : a << 8 | b)
                i += 2
            }
            var iterator = units.makeIterator()
            var parser = UTF16()
            loop: while true {
                switch parser.decode(&iterator) {
                case .scalarValue(let scalar): scalars.append(scalar)
                case .emptyInput: break loop
                case .error: scalars.append("\u{FFFD}")
                }
            }
            if bytes.count % 2 == 1 { scalars.append("\u{FFFD}") }
        case .utf32LittleEndian, .utf32BigEndian:
            let little = encoding == .utf32LittleEndian
            var i = base
            while i + 3 < bytes.endIndex {
                let b = (UInt32(bytes[i]), UInt32(bytes[i + 1]), UInt32(bytes[i + 2]), UInt32(bytes[i + 3]))
                let value = little ? b.0 | b.1 << 8 | b.2 << 16 | b.3 << 24 : b.0 << 24 | b.1 << 16 | b.2 << 8 | b.3
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                i += 4
            }
            if bytes.count % 4 != 0 { scalars.append("\u{FFFD}") }
        }
        return String(scalars)
    }

    /// What a pass over the bytes found: where UTF-8 first breaks, how many bytes break it, how
    /// many valid multi-byte characters there are, and how long a sequence cut off by the end
    /// of the text is (0 when none).
    struct Survey {
        var firstInvalid: Int?
        var invalidBytes = 0
        var validMultiByte = 0
        var truncatedTail = 0
    }

    static func survey(_ bytes: ArraySlice<UInt8>) -> Survey {
        var survey = Survey()
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            let length = validSequenceLength(bytes, at: i)
            if length > 0 {
                survey.validMultiByte += 1
                i += length
                continue
            }
            if survey.firstInvalid == nil { survey.firstInvalid = i - bytes.startIndex }
            let cut = truncatedLength(bytes, at: i)
            if cut > 0 && i + cut == bytes.endIndex {
                survey.truncatedTail = cut
                survey.invalidBytes += cut
                break
            }
            survey.invalidBytes += 1
            i += 1
        }
        return survey
    }

    /// The length of the valid UTF-8 character at `i` (1 to 4), or 0 when the bytes there do not
    /// start one (a stray continuation byte, an overlong form, a surrogate, a cut sequence).
    static func validSequenceLength<C: RandomAccessCollection<UInt8>>(_ bytes: C, at i: C.Index) -> Int where C.Index == Int {
        let b = bytes[i]
        if b < 0x80 { return 1 }
        let need: Int
        var minimum: UInt32
        var scalar: UInt32
        if b & 0xE0 == 0xC0 {
            need = 1; minimum = 0x80; scalar = UInt32(b & 0x1F)
        } else if b & 0xF0 == 0xE0 {
            need = 2; minimum = 0x800; scalar = UInt32(b & 0x0F)
        } else if b & 0xF8 == 0xF0 {
            need = 3; minimum = 0x10000; scalar = UInt32(b & 0x07)
        } else {
            return 0
        }
        if i + need >= bytes.endIndex { return 0 }
        for k in 1...need {
            let c = bytes[i + k]
            if c & 0xC0 != 0x80 { return 0 }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return 0 }
        return need + 1
    }

    /// How many bytes from `i` to the end are the valid start of a character the end cuts off
    /// (a lead byte and the continuation bytes that follow it); 0 when they are not.
    static func truncatedLength(_ bytes: ArraySlice<UInt8>, at i: Int) -> Int {
        let b = bytes[i]
        let need = b & 0xE0 == 0xC0 ? 1 : b & 0xF0 == 0xE0 ? 2 : b & 0xF8 == 0xF0 ? 3 : 0
        let left = bytes.endIndex - i - 1
        guard need > 0, left < need else { return 0 }
        for k in 0..<left where bytes[i + 1 + k] & 0xC0 != 0x80 { return 0 }
        return left + 1
    }

    /// A short name for binary content, or nil for text: known magic numbers, NUL bytes or
    /// many control characters in the first 8 KB.
    static func binaryKind(_ bytes: ArraySlice<UInt8>) -> String? {
        let magic: [(prefix: [UInt8], name: String)] = [
            ([0x25, 0x50, 0x44, 0x46], "PDF"), ([0x89, 0x50, 0x4E, 0x47], "PNG image"),
            ([0xFF, 0xD8, 0xFF], "JPEG image"), ([0x47, 0x49, 0x46, 0x38], "GIF image"),
            ([0x50, 0x4B, 0x03, 0x04], "ZIP archive"), ([0x1F, 0x8B], "gzip archive"),
            ([0x7F, 0x45, 0x4C, 0x46], "ELF executable"), ([0x53, 0x51, 0x4C, 0x69, 0x74, 0x65], "SQLite database"),
        ]
        for (prefix, name) in magic where bytes.starts(with: prefix) { return name }
        let head = bytes.prefix(8192)
        var control = 0
        for b in head {
            if b == 0 { return "contains NUL bytes" }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { control += 1 }
        }
        if control * 10 > head.count { return "\(control) control characters in the first \(head.count) bytes" }
        return nil
    }

    /// The offset of the first byte that breaks UTF-8, or nil when all of it is valid.
    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        survey(bytes).firstInvalid
    }

    /// Windows-1252 to String; the five undefined bytes become U+FFFD.
    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        let high: [UInt32] = [
            0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
            0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
        ]
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            let value: UInt32 = (0x80...0x9F).contains(b) ? high[Int(b - 0x80)] : UInt32(b)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}
