import Testing

@testable import ClaimTrace

@Suite struct DecodingTests {
    let decoder = TextDecoder()

    @Test func utf8IsKeptAsIs() throws {
        let decoded = try decoder.decode(Array("Caf\u{E9} \u{201C}quoted\u{201D}\r\nline".utf8))
        #expect(decoded.text == "Caf\u{E9} \u{201C}quoted\u{201D}\r\nline")
        #expect(decoded.warnings.isEmpty)
    }

    @Test func byteOrderMarkIsDropped() throws {
        #expect(try decoder.decode([0xEF, 0xBB, 0xBF] + Array("Hello".utf8)).text == "Hello")
    }

    @Test func windows1252FallsBackWithAWarning() throws {
        // “Caf\xe9” in Windows-1252: curly quotes 0x93/0x94 and é 0xE9.
        let decoded = try decoder.decode([0x93, 0x43, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x80])
        #expect(decoded.text == "\u{201C}Caf\u{E9}\u{201D} \u{2013} \u{20AC}")
        #expect(decoded.warnings.count == 1)
        #expect(decoded.warnings[0].contains("offset 0"))
        #expect(decoded.warnings[0].contains("Windows-1252"))
    }

    /// A file cut inside its last character is still UTF-8: the rest is kept as it is, not
    /// turned into Windows-1252 mojibake.
    @Test func aTruncatedLastCharacterIsRepairedNotMojibake() throws {
        let decoded = try decoder.decode(Array("Caf\u{E9} \u{201C}quoted\u{201D} abc".utf8) + [0xE2, 0x80])
        #expect(decoded.text == "Caf\u{E9} \u{201C}quoted\u{201D} abc\u{FFFD}")
        #expect(decoded.warnings.count == 1)
        #expect(decoded.warnings[0].contains("ends inside a UTF-8 character (its last 2 bytes)"))
        // Cut after a four-byte character's first byte, in plain ASCII text.
        #expect(try decoder.decode(Array("abc".utf8) + [0xF0]).text == "abc\u{FFFD}")
    }

    /// One broken byte in text full of UTF-8 characters is a broken byte, not a sign of
    /// Windows-1252; text whose high bytes are all single is Windows-1252.
    @Test func aFewBrokenBytesInUTF8TextBecomeReplacementCharacters() throws {
        let text = String(repeating: "\u{201C}Caf\u{E9}\u{201D} ", count: 4)
        let decoded = try decoder.decode(Array(text.utf8) + [0x92] + Array(" end".utf8))
        #expect(decoded.text == text + "\u{FFFD} end")
        #expect(decoded.warnings.first?.contains("1 byte is not valid UTF-8") == true)
        // Two valid characters are not enough against one broken byte: Windows-1252 it is.
        let mixed = try decoder.decode(Array("\u{E9}\u{E9}".utf8) + [0x92])
        #expect(mixed.warnings.first?.contains("Windows-1252") == true)
    }

    @Test(arguments: [
        ([0xFF, 0xFE] as [UInt8], false), ([0xFE, 0xFF], true),
    ])
    func utf16WithAByteOrderMarkIsDecoded(mark: [UInt8], bigEndian: Bool) throws {
        let text = "Caf\u{E9} \u{1F600} said \u{201C}no\u{201D}.\r\n"
        let units = Array(text.utf16)
        let bytes = mark + units.flatMap { u in bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let decoded = try decoder.decode(bytes)
        #expect(decoded.text == text)
        #expect(decoded.warnings.isEmpty)
        let space: [UInt8] = bigEndian ? [0x00, 0x20] : [0x20, 0x00]
        #expect(throws: TextDecoder.Rejection.empty) { try decoder.decode(mark + space) }
    }

    @Test func utf32WithAByteOrderMarkIsDecoded() throws {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x00] + "Hi \u{1F600}".unicodeScalars.flatMap { s in
            (0..<4).map { UInt8((s.value >> (8 * UInt32($0))) & 0xFF) }
        }
        #expect(try decoder.decode(bytes).text == "Hi \u{1F600}")
    }

    @Test func overlongAndSurrogateEncodingsAreRejectedAsUTF8() {
        #expect(TextDecoder.firstInvalidUTF8([0xC0, 0xAF]) == 0)  // overlong "/"
        #expect(TextDecoder.firstInvalidUTF8([0x41, 0xED, 0xA0, 0x80]) == 1)  // U+D800
        #expect(TextDecoder.firstInvalidUTF8(Array("ok \u{1F600}".utf8)[...]) == nil)
    }

    @Test(arguments: [
        ([UInt8](), TextDecoder.Rejection.empty),
        (Array("  \n\t\r\n".utf8), .empty),
    ])
    func emptyContentIsRejected(bytes: [UInt8], expected: TextDecoder.Rejection) {
        #expect(throws: expected) { try decoder.decode(bytes) }
    }

    @Test func binaryContentIsRejectedWithItsKind() {
        #expect(throws: TextDecoder.Rejection.binary("PDF")) { try decoder.decode(Array("%PDF-1.7 ...".utf8)) }
        #expect(throws: TextDecoder.Rejection.binary("PNG image")) {
            try decoder.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        }
        #expect(throws: TextDecoder.Rejection.binary("contains NUL bytes")) {
            try decoder.decode(Array("text".utf8) + [0, 1, 2])
        }
    }

    @Test func contentHashIsSHA256() {
        #expect(ContentHash.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Two blocks: 56 bytes of input need padding into a second block.
        #expect(
            ContentHash.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func scalarOffsetsConvertBothWays() {
        let text = "a\u{E9}b\u{1F600}c"  // bytes: a(1) é(2) b(1) 😀(4) c(1)
        let offsets = ScalarOffsets(text)
        #expect(offsets.scalarCount == 5)
        #expect(offsets.scalar(0) == 0)
        #expect(offsets.scalar(3) == 2)  // "b"
        #expect(offsets.scalar(8) == 4)  // "c"
        #expect(offsets.byte(4) == 8)
        #expect(offsets.bytes(start: 3, end: 4) == TextRange(4, 8))
    }
}
