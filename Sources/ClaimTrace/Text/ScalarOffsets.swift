/// Converts UTF-8 byte offsets into Unicode scalar (code point) offsets and back.
///
/// JSON output, the database and the evaluation datasets count code points (as Python string
/// indices do); the scanners count bytes. ASCII text, the common case, needs no table.
public struct ScalarOffsets: Sendable {
    private let scalarIndexByByte: [Int32]?  // nil when the text is ASCII
    private let byteIndexByScalar: [Int32]?
    public let byteCount: Int
    public let scalarCount: Int

    /// - Complexity: O(n) in the text's UTF-8 length.
    public init(_ text: String) {
        var copy = text
        let built: ([Int32]?, [Int32]?, Int, Int) = copy.withUTF8 { bytes in
            var ascii = true
            for b in bytes where b >= 0x80 {
                ascii = false
                break
            }
            if ascii { return (nil, nil, bytes.count, bytes.count) }
            var toScalar = [Int32](repeating: 0, count: bytes.count + 1)
            var toByte = [Int32]()
            toByte.reserveCapacity(bytes.count + 1)
            var scalar: Int32 = 0
            for i in 0..<bytes.count {
                if bytes[i] & 0xC0 != 0x80 {
                    toByte.append(Int32(i))
                    scalar += 1
                    toScalar[i] = scalar - 1
                } else {
                    toScalar[i] = scalar  // inside a scalar: rounds up to the next boundary
                }
            }
            toScalar[bytes.count] = scalar
            toByte.append(Int32(bytes.count))
            return (toScalar, toByte, bytes.count, Int(scalar))
        }
        (scalarIndexByByte, byteIndexByScalar, byteCount, scalarCount) = built
    }

    /// The scalar offset of a byte offset (a byte inside a scalar maps to the next scalar).
    public func scalar(_ byte: Int) -> Int {
        guard let table = scalarIndexByByte else { return byte }
        return Int(table[min(max(byte, 0), byteCount)])
    }

    /// The byte offset of a scalar offset.
    public func byte(_ scalar: Int) -> Int {
        guard let table = byteIndexByScalar else { return scalar }
        return Int(table[min(max(scalar, 0), scalarCount)])
    }

    public func scalars(_ range: TextRange) -> (start: Int, end: Int) {
        (scalar(range.start), scalar(range.end))
    }

    public func bytes(start: Int, end: Int) -> TextRange {
        TextRange(byte(start), max(byte(start), byte(end)))
    }
}
