import Foundation
import Testing

@testable import ClaimTraceEncoder

/// A vocabulary of our own, small enough to reason about every id.
func smallTokenizer(maximumLength: Int = 256) throws -> WordPieceTokenizer {
    let tokens = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", ",", "world", "!", "un", "##aff", "##able", "cafe", "北", "京",
        "σοφος", "σοφοσ", "a", "##b", "x", "ς", "σ", ".", "naive", "zurich",
    ]
    var vocabulary: [String: Int32] = [:]
    for (index, token) in tokens.enumerated() { vocabulary[token] = Int32(index) }
    return try WordPieceTokenizer(vocabulary: vocabulary, maximumLength: maximumLength)
}

@Suite struct TokenizerTests {
    @Test func lowerCasesStripsAccentsAndSplitsPunctuation() throws {
        let tokenizer = try smallTokenizer()
        #expect(tokenizer.pieces("Héllo, WORLD!") == ["[CLS]", "hello", ",", "world", "!", "[SEP]"])
        #expect(tokenizer.pieces("Café naïve Zürich.") == ["[CLS]", "cafe", "naive", "zurich", ".", "[SEP]"])
    }

    @Test func cutsWordsIntoLongestPiecesAndMarksUnknownWords() throws {
        let tokenizer = try smallTokenizer()
        #expect(tokenizer.pieces("unaffable") == ["[CLS]", "un", "##aff", "##able", "[SEP]"])
        // "unaffablez" cannot be cut completely: the whole word is unknown, not a prefix of it.
        #expect(tokenizer.pieces("unaffablez hello") == ["[CLS]", "[UNK]", "hello", "[SEP]"])
        #expect(tokenizer.pieces(String(repeating: "a", count: 101)) == ["[CLS]", "[UNK]", "[SEP]"])
        #expect(tokenizer.pieces("abbb") == ["[CLS]", "a", "##b", "##b", "##b", "[SEP]"])
    }

    @Test func spacesCJKIdeographsAndDropsControlCharacters() throws {
        let tokenizer = try smallTokenizer()
        #expect(tokenizer.pieces("hello北京world") == ["[CLS]", "hello", "北", "京", "world", "[SEP]"])
        #expect(tokenizer.pieces("hel\u{0}lo\u{200B}\u{FFFD}") == ["[CLS]", "hello", "[SEP]"])
        #expect(tokenizer.pieces("hello\tworld\u{00A0}!\n") == ["[CLS]", "hello", "world", "!", "[SEP]"])
        #expect(tokenizer.pieces("") == ["[CLS]", "[SEP]"])
    }

    @Test func lowerCasesWithoutContextRules() throws {
        let tokenizer = try smallTokenizer()
        // As the model's own tokenizer does: a final capital sigma becomes σ, not ς.
        #expect(tokenizer.pieces("ΣΟΦΟΣ") == ["[CLS]", "σοφοσ", "[SEP]"])
    }

    @Test func literalSpecialTokensKeepTheirIds() throws {
        let tokenizer = try smallTokenizer()
        #expect(tokenizer.pieces("hello[UNK]world") == ["[CLS]", "hello", "[UNK]", "world", "[SEP]"])
        // Only the exact spelling: lower case or spaced brackets are ordinary text.
        #expect(tokenizer.pieces("[unk]") == ["[CLS]", "[UNK]", "[UNK]", "[UNK]", "[SEP]"])
    }

    @Test func lineAndParagraphSeparatorsSplitWords() throws {
        let tokenizer = try smallTokenizer()
        #expect(tokenizer.pieces("hello\u{2028}world\u{2029}cafe") == ["[CLS]", "hello", "world", "cafe", "[SEP]"])
    }

    @Test func truncatesToTheMaximumLengthKeepingTheFrame() throws {
        let tokenizer = try smallTokenizer(maximumLength: 5)
        let ids = tokenizer.encode("hello world hello world hello")
        #expect(ids.count == 5)
        #expect(ids.first == tokenizer.classifierID && ids.last == tokenizer.separatorID)
        #expect(tokenizer.pieces("unaffable world") == ["[CLS]", "un", "##aff", "##able", "[SEP]"])
    }

    @Test func vocabularyFileNeedsTheSpecialTokens() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ct-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vocab.txt").path
        try Data("[PAD]\n[UNK]\n[CLS]\nhello\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelFileError.self) { try WordPieceTokenizer(vocabularyFile: path) }
        try Data("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\r\n".utf8).write(to: URL(fileURLWithPath: path))
        let tokenizer = try WordPieceTokenizer(vocabularyFile: path)
        #expect(tokenizer.encode("Hello") == [2, 4, 3])
    }
}
