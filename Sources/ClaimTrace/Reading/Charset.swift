import CICUShim

/// A character set a page declares: in the HTTP `Content-Type` header of a web archive's record,
/// or in a `<meta>` tag near the top of the HTML.
///
/// Labels are mapped as browsers map them (the WHATWG Encoding standard): `iso-8859-1`, `latin1`
/// and `us-ascii` mean Windows-1252, `gb2312` and `gbk` mean GB18030, `euc-kr` means Windows-949,
/// `shift_jis` means Windows-31J, `iso-8859-9` means Windows-1254; a `<meta>` that says UTF-16
/// means UTF-8 (the page could not have been parsed far enough to read it otherwise).
public enum Charset: Sendable, Hashable, CustomStringConvertible {
    case utf8
    case windows1252
    /// UTF-16 or UTF-32 declared in an HTTP header (ICU's name).
    case wide(String)
    /// Any other charset, by the name ICU converts from.
    case other(String)

    /// The charset a label names, or nil for a label that names none we can use
    /// (`x-user-defined`, empty).
    /// - Parameter fromMeta: the label comes from a `<meta>` tag (UTF-16 there means UTF-8).
    public init?(label raw: String, fromMeta: Bool = false) {
        let label = String(raw.unicodeScalars.filter { $0 != "\"" && $0 != "'" }).trimmingASCIIWhitespace().lowercased()
        guard !label.isEmpty, label.count <= 40, label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:()".contains($0)) })
        else { return nil }
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
            self = .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii", "ascii", "ansi_x3.4-1968", "cp819",
            "ibm819", "iso-ir-100", "csisolatin1", "iso88591", "windows-1252", "cp1252", "x-cp1252", "iso_8859-1:1987":
            self = .windows1252
        case "x-user-defined":
            return nil
        case "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "unicode", "ucs-2", "csunicode":
            if fromMeta { self = .utf8 } else { self = .wide(label == "unicode" || label == "ucs-2" || label == "csunicode" ? "utf-16le" : label) }
        case "gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "iso-ir-58", "gb18030":
            self = .other("gb18030")
        case "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949", "cseuckr", "korean":
            self = .other("windows-949")
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "ms932", "windows-31j", "csshiftjis":
            self = .other("windows-31j")
        case "iso-8859-9", "iso8859-9", "latin5", "l5", "iso-ir-148", "windows-1254", "cp1254":
            self = .other("windows-1254")
        case "tis-620", "iso-8859-11", "windows-874", "dos-874":
            self = .other("windows-874")
        default:
            self = .other(label)
        }
    }

    public var description: String {
        switch self {
        case .utf8: return "UTF-8"
        case .windows1252: return "Windows-1252"
        case .wide(let name), .other(let name): return name
        }
    }

    /// The charset in a `Content-Type` value (`text/html; charset=windows-1251`), if any.
    public static func parameter(ofContentType value: String) -> Charset? {
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, String(pair[0]).trimmingASCIIWhitespace().lowercased() == "charset" else { continue }
            return Charset(label: String(pair[1]))
        }
        return nil
    }

    /// Converts bytes in this charset to a string through ICU; nil when ICU does not know it.
    /// Bytes the charset does not define become U+FFFD.
    /// - Complexity: O(n).
    func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        let name: String
        switch self {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .windows1252: return TextDecoder.windows1252(bytes)
        case .wide(let n), .other(let n): name = n
        }
        guard bytes.count < Int(Int32.max / 4) else { return nil }
        var capacity = bytes.count * 3 + 16
        for _ in 0..<2 {
            var out = [UInt8](repeating: 0, count: capacity)
            let written = bytes.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    ct_convert_to_utf8(name, input.baseAddress, Int64(input.count), output.baseAddress, Int64(capacity))
                }
            }
            if written < 0 { return nil }
            if written <= capacity {
                // ICU substitutes U+001A for undefined bytes in some single-byte sets.
                let text = String(decoding: out[..<Int(written)], as: UTF8.self)
                return bytes.contains(0x1A) ? text : String(text.unicodeScalars.map { $0 == "\u{1A}" ? "\u{FFFD}" : Character($0) })
            }
            capacity = Int(written)
        }
        return nil
    }

    /// The charset a `<meta charset>` or `<meta http-equiv="Content-Type" content="...;
    /// charset=...">` declares in the page's head: before `</head>` or `<body`, within the
    /// first `window` bytes (comments are skipped; the first declaration wins).
    ///
    /// Browsers pre-scan only 1,024 bytes, then switch encodings when the parser meets a later
    /// `<meta>` in the head; saved pages often have theirs later (on the shared set of 989
    /// pages, the Windows-1250, ISO-8859-2 and GB2312 declarations all sit past byte 1,024),
    /// hence the head.
    /// - Complexity: O(window).
    public static func declaredInMeta(_ bytes: ArraySlice<UInt8>, window: Int = 64 * 1024) -> Charset? {
        let head = bytes.prefix(window)
        var i = head.startIndex
        let end = head.endIndex
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        func matches(_ word: String, at k: Int) -> Bool {
            let w = Array(word.utf8)
            guard k + w.count <= end else { return false }
            for j in 0..<w.count where lower(head[k + j]) != w[j] { return false }
            return true
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
        while i < end {
            guard head[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            if matches("</head", at: i) || matches("<body", at: i) { return nil }
            if matches("<!--", at: i) {
                // To the end of the comment (or of the window).
                var k = i + 4
                while k < end, !matches("-->", at: k) { k += 1 }
                i = k + 3
                continue
            }
            guard matches("<meta", at: i), i + 5 < end, isSpace(head[i + 5]) || head[i + 5] == UInt8(ascii: "/") else {
                i += 1
                continue
            }
            // The tag's attributes, each read once.
            var k = i + 5
            var charset: String?
            var httpEquiv: String?
            var content: String?
            while k < end, head[k] != UInt8(ascii: ">") {
                while k < end, isSpace(head[k]) || head[k] == UInt8(ascii: "/") { k += 1 }
                let nameStart = k
                while k < end, !isSpace(head[k]), head[k] != UInt8(ascii: "="), head[k] != UInt8(ascii: ">") { k += 1 }
                let name = String(decoding: head[nameStart..<k].map(lower), as: UTF8.self)
                while k < end, isSpace(head[k]) { k += 1 }
                var value = ""
                if k < end, head[k] == UInt8(ascii: "=") {
                    k += 1
                    while k < end, isSpace(head[k]) { k += 1 }
                    if k < end, head[k] == UInt8(ascii: "\"") || head[k] == UInt8(ascii: "'") {
                        let quote = head[k]
                        k += 1
                        let valueStart = k
                        while k < end, head[k] != quote { k += 1 }
                        value = String(decoding: head[valueStart..<k], as: UTF8.self)
                        if k < end { k += 1 }
                    } else {
                        let valueStart = k
                        while k < end, !isSpace(head[k]), head[k] != UInt8(ascii: ">") { k += 1 }
                        value = String(decoding: head[valueStart..<k], as: UTF8.self)
                    }
                }
                if nameStart == k && value.isEmpty { k += 1 }
                switch name {
                case "charset": charset = charset ?? value
                case "http-equiv": httpEquiv = httpEquiv ?? value
                case "content": content = content ?? value
                default: break
                }
            }
            if let charset, let found = Charset(label: charset, fromMeta: true) { return found }
            if httpEquiv?.lowercased() == "content-type", let content, let found = metaContentCharset(content) { return found }
            i = k + 1
        }
        return nil
    }

    /// `charset=X` inside a `<meta content>` value (`text/html; charset=X`).
    private static func metaContentCharset(_ content: String) -> Charset? {
        let lowered = content.lowercased()
        guard let range = lowered.range(of: "charset") else { return nil }
        var rest = lowered[range.upperBound...].drop(while: { $0 == " " || $0 == "\t" })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
        let label = rest.prefix(while: { $0 != ";" && $0 != " " && $0 != "\t" })
        return Charset(label: String(label), fromMeta: true)
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

}
