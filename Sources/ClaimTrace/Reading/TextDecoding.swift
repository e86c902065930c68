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

    /// Decodes UTF-8 (a byte-order mark is dropped); text that is not valid UTF-8 is decoded as
    /// Windows-1252 with a warning. Empty and binary content is rejected.
    /// - Complexity: O(n).
    public func decode(_ bytes: [UInt8]) throws(Rejection) -> Decoded {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { throw .empty }
        if let what = Self.binaryKind(body) { throw .binary(what) }
        if let badOffset = Self.firstInvalidUTF8(body) {
            let text = Self.windows1252(body)
            return Decoded(
                text: text,
                warnings: [
                    "not valid UTF-8 (first bad byte at offset \(badOffset)); decoded as Windows-1252"
                ])
        }
        return Decoded(text: String(decoding: body, as: UTF8.self), warnings: [])
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
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
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
                return i - bytes.startIndex
            }
            if i + need >= end { return i - bytes.startIndex }  // truncated sequence
            for k in 1...need {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return i - bytes.startIndex }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return i - bytes.startIndex
            }
            i += need + 1
        }
        return nil
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
