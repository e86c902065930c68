/// A compact binary form for `Codable` values, used to store a document's analysis so that a
/// later run can reuse it instead of analysing the document again.
///
/// Values are written in the order they are encoded, without keys: a keyed container is read
/// back in the order its fields were written, which is what synthesized `Codable` code does.
/// Integers are zigzag varints, floating-point numbers their IEEE bits, strings a varint length
/// and UTF-8; an optional or a single value carries one presence byte; an array carries its
/// count. The form has no version of its own: the store keys every stored analysis by the build
/// that wrote it (``ClaimTraceVersion/analysis``), so bytes are only ever read by the code that
/// wrote them.
public enum CompactCoder {
    /// Encodes `value`.
    /// - Complexity: O(size of the value).
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = CompactEncoder()
        try value.encode(to: encoder)
        return encoder.sink.bytes
    }

    /// Decodes a `T` from bytes `encode` wrote; throws when they are cut short or left over.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let decoder = CompactDecoder(source: CompactSource(bytes))
        let value = try T(from: decoder)
        guard decoder.source.offset == bytes.count else {
            throw CompactCodingError.trailingBytes(decoder.source.offset, bytes.count)
        }
        return value
    }
}

/// Why bytes could not be decoded.
public enum CompactCodingError: Error, Sendable, CustomStringConvertible {
    case truncated(at: Int)
    case trailingBytes(Int, Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .truncated(let offset): return "stored analysis is cut short at byte \(offset)"
        case .trailingBytes(let read, let count): return "stored analysis has \(count - read) bytes left over after \(read)"
        case .invalid(let what): return "stored analysis is not valid: \(what)"
        }
    }
}

// MARK: - Primitives

/// A value written as itself rather than through its own `Codable` conformance.
protocol CompactPrimitive {
    func write(to sink: CompactSink)
    static func read(from source: CompactSource) throws -> Self
}

extension Bool: CompactPrimitive {
    func write(to sink: CompactSink) { sink.bytes.append(self ? 1 : 0) }
    static func read(from source: CompactSource) throws -> Bool { try source.byte() != 0 }
}

extension String: CompactPrimitive {
    func write(to sink: CompactSink) { sink.string(self) }
    static func read(from source: CompactSource) throws -> String { try source.string() }
}

extension Double: CompactPrimitive {
    func write(to sink: CompactSink) { sink.varint(bitPattern) }
    static func read(from source: CompactSource) throws -> Double { Double(bitPattern: try source.varint()) }
}

extension Float: CompactPrimitive {
    func write(to sink: CompactSink) { sink.varint(UInt64(bitPattern)) }
    static func read(from source: CompactSource) throws -> Float { Float(bitPattern: try UInt32.read(from: source)) }
}

/// Integers as varints, zigzag-folded when signed.
protocol CompactInteger: CompactPrimitive, FixedWidthInteger {}
extension CompactInteger {
    func write(to sink: CompactSink) {
        if Self.isSigned { sink.signed(Int64(self)) } else { sink.varint(UInt64(self)) }
    }

    static func read(from source: CompactSource) throws -> Self {
        let value: Self? = isSigned ? Self(exactly: try source.signed()) : Self(exactly: try source.varint())
        guard let value else { throw CompactCodingError.invalid("a number that does not fit \(Self.self) before byte \(source.offset)") }
        return value
    }
}

/// The commonest value of a stored analysis, written as its two offsets.
extension TextRange: CompactPrimitive {
    func write(to sink: CompactSink) {
        sink.signed(Int64(start))
        sink.signed(Int64(end))
    }

    static func read(from source: CompactSource) throws -> TextRange {
        let (start, end) = (try Int.read(from: source), try Int.read(from: source))
        guard 0 <= start, start <= end else { throw CompactCodingError.invalid("a range \(start)..<\(end) before byte \(source.offset)") }
        return TextRange(start, end)
    }
}

/// A list of primitives: its count, then each element as itself, with no per-element dispatch.
extension Array: CompactPrimitive where Element: CompactPrimitive {
    func write(to sink: CompactSink) {
        sink.varint(UInt64(count))
        for element in self { element.write(to: sink) }
    }

    static func read(from source: CompactSource) throws -> [Element] {
        let count = Int(try source.varint())
        // Each element takes a byte at least: a count beyond the bytes left is corrupt.
        guard count <= source.bytes.count - source.offset else { throw CompactCodingError.truncated(at: source.offset) }
        var out: [Element] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try Element.read(from: source)) }
        return out
    }
}

extension Int: CompactInteger {}
extension Int8: CompactInteger {}
extension Int16: CompactInteger {}
extension Int32: CompactInteger {}
extension Int64: CompactInteger {}
extension UInt: CompactInteger {}
extension UInt8: CompactInteger {}
extension UInt16: CompactInteger {}
extension UInt32: CompactInteger {}
extension UInt64: CompactInteger {}

// MARK: - Writing

/// The growing bytes, shared by every container of one encoding.
final class CompactSink {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(4096) }

    func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    func string(_ value: String) {
        var copy = value
        copy.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Writes a list's element count, four bytes little-endian, which its container raises
    /// with each element (an encoding container is never told that it is done).
    func placeholder() -> Int {
        bytes.append(contentsOf: [0, 0, 0, 0])
        return bytes.count - 4
    }

    func increment(at offset: Int) {
        var count: UInt32 = 0
        for k in 0..<4 { count |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
        count += 1
        for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: count >> (8 * UInt32(k))) }
    }

    /// A value: a primitive as itself, anything else through its own encoding.
    func value<T: Encodable>(_ value: T) throws {
        // By type, not by value: a value cast would see through an Optional and write its
        // wrapped value without the presence byte its decoding reads.
        if T.self is any CompactPrimitive.Type, let primitive = value as? any CompactPrimitive {
            primitive.write(to: self)
        } else {
            try value.encode(to: CompactEncoder(sink: self))
        }
    }

    /// An optional: a presence byte, then the value when there is one.
    func optional<T: Encodable>(_ value: T?) throws {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        try self.value(value)
    }
}

struct CompactEncoder: Encoder {
    let sink: CompactSink
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(sink: CompactSink = CompactSink()) { self.sink = sink }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(CompactKeyedEncoder<Key>(sink: sink))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        CompactUnkeyedEncoder(sink: sink, countAt: sink.placeholder())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { CompactSingleEncoder(sink: sink) }
}

private struct CompactKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: CompactSink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { sink.bytes.append(0) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try sink.value(value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: String, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: Double, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: Float, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: Int, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { value.write(to: sink) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { value.write(to: sink) }

    // An optional field always writes its presence byte: the protocol's defaults write nothing
    // for nil, which a reader without keys could not tell apart.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try sink.optional(value) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try sink.optional(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(CompactKeyedEncoder<NestedKey>(sink: sink))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        CompactUnkeyedEncoder(sink: sink, countAt: sink.placeholder())
    }

    mutating func superEncoder() -> any Encoder { CompactEncoder(sink: sink) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { CompactEncoder(sink: sink) }
}

private struct CompactUnkeyedEncoder: UnkeyedEncodingContainer {
    let sink: CompactSink
    /// Where this list's element count is kept, raised with each element.
    let countAt: Int
    var count = 0
    var codingPath: [any CodingKey] { [] }

    private mutating func added() {
        count += 1
        sink.increment(at: countAt)
    }

    /// A nil element is one 0 byte (optional elements normally come as single values instead).
    mutating func encodeNil() throws {
        added()
        sink.bytes.append(0)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        added()
        try sink.value(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        added()
        return KeyedEncodingContainer(CompactKeyedEncoder<NestedKey>(sink: sink))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        added()
        return CompactUnkeyedEncoder(sink: sink, countAt: sink.placeholder())
    }

    mutating func superEncoder() -> any Encoder {
        added()
        return CompactEncoder(sink: sink)
    }
}

/// A single value is a presence byte (0 for nil) and the value: `Optional` and
/// `RawRepresentable` both encode through it.
private struct CompactSingleEncoder: SingleValueEncodingContainer {
    let sink: CompactSink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { sink.bytes.append(0) }
    mutating func encode<T: Encodable>(_ value: T) throws { try sink.optional(value) }
    mutating func encode(_ value: Bool) throws { try sink.optional(value) }
    mutating func encode(_ value: String) throws { try sink.optional(value) }
    mutating func encode(_ value: Double) throws { try sink.optional(value) }
    mutating func encode(_ value: Float) throws { try sink.optional(value) }
    mutating func encode(_ value: Int) throws { try sink.optional(value) }
    mutating func encode(_ value: Int8) throws { try sink.optional(value) }
    mutating func encode(_ value: Int16) throws { try sink.optional(value) }
    mutating func encode(_ value: Int32) throws { try sink.optional(value) }
    mutating func encode(_ value: Int64) throws { try sink.optional(value) }
    mutating func encode(_ value: UInt) throws { try sink.optional(value) }
    mutating func encode(_ value: UInt8) throws { try sink.optional(value) }
    mutating func encode(_ value: UInt16) throws { try sink.optional(value) }
    mutating func encode(_ value: UInt32) throws { try sink.optional(value) }
    mutating func encode(_ value: UInt64) throws { try sink.optional(value) }
}

// MARK: - Reading

/// The bytes being read and where reading is, shared by every container of one decoding.
final class CompactSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw CompactCodingError.truncated(at: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw CompactCodingError.invalid("a number longer than 64 bits at byte \(offset)") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    func signed() throws -> Int64 {
        let v = try varint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    func string() throws -> String {
        let length = Int(try varint())
        guard length <= bytes.count - offset else { throw CompactCodingError.truncated(at: offset) }
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }

    func count() throws -> Int {
        guard offset + 4 <= bytes.count else { throw CompactCodingError.truncated(at: offset) }
        var count = 0
        for k in 0..<4 { count |= Int(bytes[offset + k]) << (8 * k) }
        offset += 4
        return count
    }

    /// A presence byte: true when what follows is a value, false (consumed) for nil.
    func present() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let other: throw CompactCodingError.invalid("presence byte \(other) at \(offset - 1)")
        }
    }

    /// A value: a primitive as itself, anything else through its own decoding.
    func value<T: Decodable>(_ type: T.Type) throws -> T {
        if let primitive = T.self as? any CompactPrimitive.Type {
            // Safe: `primitive` is `T.self`, so what it reads is a `T`.
            return try primitive.read(from: self) as! T
        }
        return try T(from: CompactDecoder(source: self))
    }
}

struct CompactDecoder: Decoder {
    let source: CompactSource
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(CompactKeyedDecoder<Key>(source: source))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        CompactUnkeyedDecoder(source: source, total: try source.count())
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { CompactSingleDecoder(source: source) }
}

private struct CompactKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let source: CompactSource
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    /// Every field was written, present or not.
    func contains(_ key: Key) -> Bool { true }

    /// Reads an optional field's presence byte: true when the field is nil.
    func decodeNil(forKey key: Key) throws -> Bool { !(try source.present()) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try source.value(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try .read(from: source) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try .read(from: source) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try .read(from: source) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try .read(from: source) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try .read(from: source) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try .read(from: source) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try .read(from: source) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try .read(from: source) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try .read(from: source) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try .read(from: source) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try .read(from: source) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try .read(from: source) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try .read(from: source) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try .read(from: source) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        KeyedDecodingContainer(CompactKeyedDecoder<NestedKey>(source: source))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        CompactUnkeyedDecoder(source: source, total: try source.count())
    }

    func superDecoder() throws -> any Decoder { CompactDecoder(source: source) }
    func superDecoder(forKey key: Key) throws -> any Decoder { CompactDecoder(source: source) }
}

private struct CompactUnkeyedDecoder: UnkeyedDecodingContainer {
    let source: CompactSource
    let total: Int
    var currentIndex = 0
    var codingPath: [any CodingKey] { [] }

    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    private mutating func next() throws {
        guard currentIndex < total else { throw CompactCodingError.invalid("read past the end of a list of \(total)") }
        currentIndex += 1
    }

    /// Whether the next element is one written by `encodeNil` (a 0 byte; consumed when it is).
    /// Only lists whose elements are written by `encodeNil` or by single values may ask.
    mutating func decodeNil() throws -> Bool {
        guard currentIndex < total else { throw CompactCodingError.invalid("read past the end of a list of \(total)") }
        guard try source.byte() == 0 else {
            source.offset -= 1
            return false
        }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next()
        return try source.value(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next()
        return KeyedDecodingContainer(CompactKeyedDecoder<NestedKey>(source: source))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next()
        return CompactUnkeyedDecoder(source: source, total: try source.count())
    }

    mutating func superDecoder() throws -> any Decoder {
        try next()
        return CompactDecoder(source: source)
    }
}

private struct CompactSingleDecoder: SingleValueDecodingContainer {
    let source: CompactSource
    var codingPath: [any CodingKey] { [] }

    /// Whether the value is nil; the presence byte is consumed only then, so that `decode`
    /// reads it for a value.
    func decodeNil() -> Bool {
        guard source.offset < source.bytes.count, source.bytes[source.offset] == 0 else { return false }
        source.offset += 1
        return true
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard try source.present() else { throw CompactCodingError.invalid("a nil where a value was expected at \(source.offset - 1)") }
        return try source.value(type)
    }
    func decode(_ type: Bool.Type) throws -> Bool { try value(type) }
    func decode(_ type: String.Type) throws -> String { try value(type) }
    func decode(_ type: Double.Type) throws -> Double { try value(type) }
    func decode(_ type: Float.Type) throws -> Float { try value(type) }
    func decode(_ type: Int.Type) throws -> Int { try value(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try value(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try value(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try value(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try value(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value(type) }

    private func value<T: CompactPrimitive>(_ type: T.Type) throws -> T {
        guard try source.present() else { throw CompactCodingError.invalid("a nil where a value was expected at \(source.offset - 1)") }
        return try T.read(from: source)
    }
}
