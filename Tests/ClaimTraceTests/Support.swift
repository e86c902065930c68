import Foundation
import Testing

@testable import ClaimTrace

/// The repository's root folder, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh temporary folder, removed when `body` returns.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

func write(_ text: String, to url: URL) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

/// Analyses a text as a `.txt` document.
func analyze(_ text: String, format: SourceFormat = .text, hints: ReaderHints = ReaderHints()) throws -> AnalyzedDocument {
    try Pipeline().analyze(Document(id: "t", source: "t", format: format, text: text, hints: hints))
}

extension AnalyzedDocument {
    /// The text of each excluded region with its kind.
    var excludedTexts: [(String, BoilerplateKind)] { excluded.map { (substring($0.range), $0.kind) } }
    var sentenceTexts: [String] { sentences.map { substring($0) } }
}
