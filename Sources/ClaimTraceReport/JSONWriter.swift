/// A minimal JSON emitter into a byte buffer: escapes every string (text from the web is
/// hostile), writes keys in the order given, and never builds an intermediate tree.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init(reserving capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    public mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"key":`; the next value belongs to it.
    public mutating func key(_ key: String) {
        separate()
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ value: String?) {
        separate()
        if let value { appendString(value) } else { bytes.append(contentsOf: Self.null) }
    }

    public mutating func int(_ value: Int?) {
        separate()
        if let value { bytes.append(contentsOf: String(value).utf8) } else { bytes.append(contentsOf: Self.null) }
    }

    public mutating func double(_ value: Double?) {
        separate()
        if let value, value.isFinite {
            bytes.append(contentsOf: String(value).utf8)
        } else {
            bytes.append(contentsOf: Self.null)
        }
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
    }

    /// A line break between top-level items, for readers who open the file.
    public mutating func newline() { bytes.append(0x0A) }

    /// Writes a value that another writer wrote whole (its bytes as they are), with the comma
    /// this writer owes before it.
    public mutating func written(_ value: [UInt8]) {
        separate()
        bytes += value
    }

    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    public mutating func field(_ name: String, _ value: Int?) {
        key(name)
        int(value)
    }

    public mutating func field(_ name: String, strings: [String]) {
        key(name)
        beginArray()
        for s in strings { string(s) }
        endArray()
    }

    private static let null = Array("null".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    /// Escapes per RFC 8259, plus `<`, `>`, `&`, U+2028 and U+2029 so the output can be embedded
    /// in HTML `<script>` blocks safely.
    /// A quoted JSON string: `"` and `\\` escaped, control characters, `<`, `>`, `&`, U+2028 and
    /// U+2029 written as `\\u` escapes; runs of other bytes copied as they are.
    /// - Complexity: O(length), one pass over the UTF-8 bytes.
    private mutating func appendString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            func flush() { if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) } }
            while i < utf8.count {
                let b = utf8[i]
                var escaped: [UInt8]? = nil
                var width = 1
                switch b {
                case 0x22: escaped = [0x5C, 0x22]
                case 0x5C: escaped = [0x5C, 0x5C]
                case 0x0A: escaped = [0x5C, UInt8(ascii: "n")]
                case 0x0D: escaped = [0x5C, UInt8(ascii: "r")]
                case 0x09: escaped = [0x5C, UInt8(ascii: "t")]
                case 0x3C, 0x3E, 0x26, 0x00..<0x20: escaped = []
                case 0xE2 where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    escaped = []
                    width = 3
                default: break
                }
                guard let escaped else {
                    i += 1
                    continue
                }
                flush()
                if escaped.isEmpty {
                    unicodeEscape(width == 3 ? (utf8[i + 2] == 0xA8 ? 0x2028 : 0x2029) : UInt32(b))
                } else {
                    bytes.append(contentsOf: escaped)
                }
                i += width
                runStart = i
            }
            flush()
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func unicodeEscape(_ value: UInt32) {
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(Self.hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
