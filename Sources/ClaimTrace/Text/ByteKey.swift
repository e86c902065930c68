/// Allocation-free keys for short words: ASCII letters packed into a UInt64 (case folded),
/// so that hot loops can look words up in a dictionary without building Strings.
enum ByteKey {
    /// The key of `bytes[start..<end]` folded to lower case, or nil when the word is longer
    /// than 12 bytes or holds a byte outside printable ASCII. Words of up to 8 bytes are exact;
    /// longer ones mix their tail into the key (collisions are checked by the callers' lists).
    @inline(__always)
    static func lower(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        let length = end - start
        guard length > 0, length <= 12 else { return nil }
        var key: UInt64 = UInt64(length) << 56
        for k in 0..<length {
            var c = bytes[start + k]
            guard c >= 0x21, c < 0x7F else { return nil }
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if k < 7 {
                key |= UInt64(c) << (UInt64(k) * 8)
            } else {
                key = key &* 0x100_0000_01B3 ^ UInt64(c)  // FNV-style mix for the tail
            }
        }
        return key
    }

    /// The same key for a String (for building the lookup tables once).
    static func lower(_ word: String) -> UInt64? {
        var copy = word
        return copy.withUTF8 { lower($0, 0, $0.count) }
    }

    /// The key without case folding.
    @inline(__always)
    static func exact(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        let length = end - start
        guard length > 0, length <= 12 else { return nil }
        var key: UInt64 = UInt64(length) << 56 | 1 << 55
        for k in 0..<length {
            let c = bytes[start + k]
            guard c >= 0x21, c < 0x7F else { return nil }
            if k < 7 {
                key |= UInt64(c) << (UInt64(k) * 8)
            } else {
                key = key &* 0x100_0000_01B3 ^ UInt64(c)
            }
        }
        return key
    }

    static func exact(_ word: String) -> UInt64? {
        var copy = word
        return copy.withUTF8 { exact($0, 0, $0.count) }
    }
}
