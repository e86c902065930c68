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

    @Test func truncatedUTF8SequenceIsNotUTF8() throws {
        let decoded = try decoder.decode(Array("abc".utf8) + [0xE2, 0x80])
        #expect(decoded.warnings.first?.contains("offset 3") == true)
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
