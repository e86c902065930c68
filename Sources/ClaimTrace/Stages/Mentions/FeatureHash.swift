/// 64-bit FNV-1a hashing of feature templates and their values, so features need no strings
/// at prediction time beyond the words themselves.
struct FeatureHash {
    private(set) var value: UInt64

    @inline(__always) init(template: UInt8) {
        value = 0xcbf2_9ce4_8422_2325
        mix(template)
    }

    @inline(__always) mutating func mix(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    @inline(__always) mutating func mix(_ string: String) {
        for b in string.utf8 { mix(b) }
        mix(0xFF)  // separator, so ("ab","c") differs from ("a","bc")
    }

    @inline(__always) mutating func mix(_ number: Int) {
        var n = UInt64(bitPattern: Int64(number))
        for _ in 0..<8 {
            mix(UInt8(n & 0xFF))
            n >>= 8
        }
    }

    static func of(_ template: UInt8, _ string: String) -> UInt64 {
        var h = FeatureHash(template: template)
        h.mix(string)
        return h.value
    }

    static func of(_ template: UInt8, _ a: String, _ b: String) -> UInt64 {
        var h = FeatureHash(template: template)
        h.mix(a)
        h.mix(b)
        return h.value
    }

    static func of(_ template: UInt8, _ number: Int) -> UInt64 {
        var h = FeatureHash(template: template)
        h.mix(number)
        return h.value
    }
}
