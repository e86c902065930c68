import Testing

@testable import ClaimTrace

/// Counting all spans' phrases in one pass gives what scanning the article for each gave.
@Suite struct PhraseCountsTests {
    /// The scan `TechniqueText.spanFeatures` does for one phrase: non-overlapping occurrences
    /// from the left in each sentence, at most `cap` in all.
    static func scan(_ phrase: [UInt8], _ sentences: [[UInt8]], cap: Int = PhraseCounts.cap) -> Int {
        var occurrences = 0
        for joined in sentences where joined.count >= phrase.count {
            var at = 0
            while at + phrase.count <= joined.count, occurrences < cap {
                if joined[at..<(at + phrase.count)].elementsEqual(phrase) {
                    occurrences += 1
                    at += phrase.count
                } else {
                    at += 1
                }
            }
        }
        return occurrences
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func oneAutomatonCountsAsOneScanPerPhrase(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let vocabulary = ["a", "aa", "ab", "b", "ba", "no", ",", "!"]
        // Repetitive sentences, so that phrases overlap themselves and each other.
        let sentences: [[UInt8]] = (0..<30).map { _ in
            let words = (0..<(1 + Int(rng.next() % 12))).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
            return Array(words.joined(separator: " ").utf8)
        }
        var phrases = Set<[UInt8]>()
        for _ in 0..<40 {
            let words = (0..<(1 + Int(rng.next() % 4))).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
            phrases.insert(Array(words.joined(separator: " ").utf8))
        }
        for cap in [3, 50] {
            let counts = PhraseCounts(phrases, in: sentences, cap: cap)
            for phrase in phrases {
                #expect(counts[phrase] == Self.scan(phrase, sentences, cap: cap), "“\(String(decoding: phrase, as: UTF8.self))” cap \(cap)")
            }
        }
    }

    @Test func aPhraseInsideAWordCountsAsTheScanCountedIt() {
        // The scan compares bytes, so "war" is found in "toward" too; the automaton agrees.
        let sentences = [Array("the war toward warsaw".utf8), Array("no no no no".utf8)]
        let counts = PhraseCounts([Array("war".utf8), Array("no no".utf8), Array("absent".utf8)], in: sentences)
        #expect(counts[Array("war".utf8)] == 3)
        #expect(counts[Array("no no".utf8)] == 2)
        #expect(counts[Array("absent".utf8)] == 0)
    }
}
