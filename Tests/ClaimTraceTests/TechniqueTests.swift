import Foundation
import Testing

@testable import ClaimTrace

/// A text of our own as the technique models see it: one sentence per line.
func techniqueText(_ text: String) -> TechniqueText {
    TechniqueText(text: text, sentences: PTC.sentences(text))
}

/// The byte range of `needle` in `text`.
func byteRange(of needle: String, in text: String) -> TextRange {
    let range = text.range(of: needle)!
    let start = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
    return TextRange(start, start + needle.utf8.count)
}

@Suite struct LinearModelTests {
    /// The scoring loop's open-addressing table answers as the Dictionary it is built from,
    /// for present keys (colliding low bits included) and absent ones.
    @Test func featureTableFindsWhatTheIndexHolds() {
        var index: [UInt64: Int32] = [:]
        var rng = SplitMix64(seed: 7)
        for i in 0..<5000 { index[rng.next()] = Int32(i * 3) }
        // Keys equal in their low 32 bits land near each other.
        for i in 0..<50 { index[UInt64(i) << 40 | 0xABCD] = Int32(100_000 + i) }
        let table = FeatureTable(index)
        for (key, value) in index { #expect(table.offset(of: key) == value) }
        var missing = 0
        for _ in 0..<5000 {
            let key = rng.next()
            if index[key] == nil, table.offset(of: key) == -1 { missing += 1 }
        }
        #expect(missing == 5000)
        #expect(FeatureTable([:]).offset(of: 42) == -1)
    }

    func toy() -> LinearModel {
        let a = TechniqueText.hash("a"), b = TechniqueText.hash("b"), c = TechniqueText.hash("c")
        var examples: [(features: [UInt64], label: Int)] = []
        for _ in 0..<20 {
            examples.append(([a, c], 0))
            examples.append(([b, c], 1))
        }
        var options = LinearModel.TrainingOptions()
        options.epochs = 5
        return LinearModel.train(classes: ["x", "y"], examples: examples, options: options)
    }

    @Test func learnsASeparableProblemAndExplainsIt() {
        let model = toy()
        let a = TechniqueText.hash("a"), b = TechniqueText.hash("b"), c = TechniqueText.hash("c")
        #expect(model.probabilities([a, c])[0] > 0.8)
        #expect(model.probabilities([b, c])[1] > 0.8)
        #expect(model.strongest([a, c], for: 0)?.feature == a)
    }

    @Test func survivesItsFileFormatAndRefusesCorruptFiles() throws {
        let model = toy()
        let copy = try LinearModel(serialized: model.serialized())
        #expect(copy.classes == ["x", "y"])
        let features = [TechniqueText.hash("a"), TechniqueText.hash("c")]
        for (x, y) in zip(model.probabilities(features), copy.probabilities(features)) { #expect(abs(x - y) < 1e-3) }
        let data = model.serialized()
        #expect(throws: LinearModel.FormatError.self) { try LinearModel(serialized: data.prefix(data.count - 3)) }
        #expect(throws: LinearModel.FormatError.self) { try LinearModel(serialized: Data("CTLM9".utf8) + data.dropFirst(5)) }
    }
}

@Suite struct RepetitionTests {
    let article = """
        Northern fighters cross the river

        The Grey Brigade, backed by the Northern League, crossed the river on Monday.
        Villagers said the Grey Brigade, backed by the Northern League, took the bridge.
        Officials in the capital say the brigade (backed bythe Nothern League) now holds three towns.
        The Grey Brigade — backed by the Northern League — has not commented.
        The central river towns were quiet. The central river towns had no power. The central river towns wait.
        """

    @Test func findsEveryAppendedCopyMisspeltOnesIncluded() {
        let found = RepetitionFinder().find(techniqueText(article))
        let texts = found.map { String(decoding: Array(article.utf8)[$0.range.start..<$0.range.end], as: UTF8.self) }
        #expect(texts == [
            "backed by the Northern League", "backed by the Northern League", "backed bythe Nothern League",
            "backed by the Northern League",
        ])
        #expect(found.allSatisfy { $0.technique == .repetition })
        #expect(found[2].cue.contains("misspelt"))
        // "The central river towns" recurs, but as the subject of sentences, not appended.
        #expect(!texts.contains { $0.lowercased().contains("central") })
    }

    @Test func approximateMatchingReportsExactPlaces() {
        let text = Array("xxbackedbysaudiarabiayybackedbysaudiarabaizz".utf8)
        let pattern = Array("backedbysaudiarabia".utf8)
        let matches = RepetitionFinder.approximateMatches(of: pattern, in: text, maxDistance: 2)
        #expect(matches.count == 2)
        #expect(matches[0] == (2, 21, 0))
        #expect(matches[1].0 == 23 && matches[1].2 > 0)
    }

    @Test func findsTheAppendedPhraseOfTheSeedOnEveryOccurrence() throws {
        // The seed is third-party data, read where it is; skipped when ../shared is absent.
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/seeds/001_4700e22890ad63f5.txt")
        guard let text = try? String(contentsOf: seed, encoding: .utf8) else { return }
        let analyzed = try Pipeline().analyze(Document(id: "001", source: seed.path, format: .text, text: text))
        // The phrase finder's marks (the learned model may also call a much-repeated word
        // repetition: "Daesh", 11-20 times in this article).
        let repeated = analyzed.techniques.filter { $0.technique == .repetition && $0.cue.contains("appended again") }
            .map { analyzed.substring($0.range) }
        // Nine times in the article, two of them misspelt ("backedby Saudi Arabia", "backed
        // bySaudi Arabai").
        #expect(repeated.count == 9)
        #expect(repeated.allSatisfy { $0.hasPrefix("backed") && $0.contains("Saudi Arab") }, "\(repeated)")
        #expect(repeated.contains { $0.hasPrefix("backed bySaudi") })
        #expect(repeated.contains { $0.hasPrefix("backedby Saudi") })
    }
}

@Suite struct PTCScorerTests {
    @Test func spanIdentificationGivesPartialCredit() {
        var scores = PTC.Scores()
        // Gold 10..20 and 30..40; predicted 15..25 (half inside) and 30..40 (exact).
        scores.addSI(predicted: [(15, 25), (30, 40)], gold: [(10, 20), (30, 40)])
        #expect(abs(scores.siPrecision - 0.75) < 1e-9)  // (5/10 + 10/10) / 2
        #expect(abs(scores.siRecall - 0.75) < 1e-9)  // (5/10 + 10/10) / 2
        // Overlapping predictions are merged before scoring.
        var merged = PTC.Scores()
        merged.addSI(predicted: [(10, 15), (14, 20)], gold: [(10, 20)])
        #expect(merged.predictedSpans == 1 && merged.siF1 == 1)
    }

    @Test func techniqueClassificationScoresMultisets() {
        var scores = PTC.Scores()
        scores.addTC(predicted: [.doubt, .loadedLanguage], gold: [.loadedLanguage, .repetition])
        scores.addTC(predicted: [.slogans], gold: [.slogans])
        #expect(scores.tcCorrect == 2 && scores.tcTotal == 3)
        #expect(scores.perTechnique[.doubt]?.predicted == 1 && scores.perTechnique[.doubt]?.correct == 0)
        #expect(scores.perTechnique[.repetition]?.gold == 1)
    }

    @Test func readsOneSentencePerLine() {
        let text = "Title\n\nFirst sentence.\n   \nSecond one.\n"
        #expect(PTC.sentences(text) == [TextRange(0, 5), TextRange(7, 22), TextRange(27, 38)])
    }
}

/// Each technique on a passage we wrote, classified by the shipped model.
@Suite struct TechniqueClassificationTests {
    static let detector = TechniqueDetector.shared

    /// (technique, passage, the article line it sits in).
    static let examples: [(Technique, String, String)] = [
        (.loadedLanguage, "barbaric", "The barbaric attack shocked the nation."),
        (.nameCalling, "a traitor", "The senator is a traitor who sold out his voters."),
        (.repetition, "open borders", "They want open borders. Open borders mean crime. We say no to open borders."),
        (.doubt, "Can we really trust anything this agency says", "Can we really trust anything this agency says?"),
        (.exaggeration, "the worst disaster in the history of the world", "This deal is the worst disaster in the history of the world."),
        (.fear, "if we do nothing, terrorists will flood our cities and kill our children", "Make no mistake: if we do nothing, terrorists will flood our cities and kill our children."),
        (.flagWaving, "every true patriot who loves this great nation", "It is a duty for every true patriot who loves this great nation."),
        (.causalOversimplification, "crime rose because of immigration", "Everyone knows crime rose because of immigration."),
        (.authority, "Pope Francis himself said that the wall is immoral", "Pope Francis himself said that the wall is immoral, so the debate is over."),
        (.slogans, "Make America Great Again", "He ended the rally with the words Make America Great Again!"),
        (.blackAndWhite, "either you are with us or you are with the terrorists", "He told them that either you are with us or you are with the terrorists."),
        (.whataboutism, "But what about the crimes of the other side", "But what about the crimes of the other side?"),
        (.clichés, "It is what it is", "It is what it is."),
        (.bandwagon, "the same tactics Hitler used against the Jews", "Gun registration is the same tactics Hitler used against the Jews."),
    ]

    @Test(.enabled(if: detector != nil, "the shipped technique models are missing"), arguments: examples.indices)
    func eachTechniqueIsAmongTheTopGuessesForItsPassage(index: Int) throws {
        let (technique, passage, line) = Self.examples[index]
        let text = "A headline\n\n" + line + "\n"
        let guesses = Self.detector!.classify(techniqueText(text), byteRange(of: passage, in: text), top: 3)
        #expect(guesses.map(\.technique).contains(technique), "\(technique): \(guesses.map { ($0.technique.rawValue, $0.probability, $0.cue) })")
        #expect(guesses.allSatisfy { !$0.cue.isEmpty })
    }

    /// Loaded words and labels are cut to their most confident run of tokens; other techniques
    /// and a detector without the limit keep the longer span.
    @Test(.enabled(if: detector != nil, "the shipped technique models are missing"))
    func loadedWordsAreMarkedAsAFewWordsNotAWholeSentence() throws {
        let raw = "A headline\n\nThe corrupt, treacherous thugs in the capital are destroying our beautiful country with their disgusting lies.\n"
        let text = techniqueText(raw)
        var detector = try #require(Self.detector)
        func loaded(_ d: TechniqueDetector) -> [TextRange] {
            d.spans(text).map(\.0).filter { range in
                d.classify(text, range, top: 1).first.map { [.loadedLanguage, .nameCalling].contains($0.technique) } ?? false
            }
        }
        func words(_ r: TextRange) -> Int { raw.utf8Slice(r).split(separator: " ").count }
        detector.settings.shortWords = 0
        let unlimited = loaded(detector)
        detector.settings.shortWords = 2
        let limited = detector.spans(text).map(\.0)
        #expect(unlimited.contains { words($0) > 2 }, "\(unlimited.map { raw.utf8Slice($0) })")
        #expect(!limited.isEmpty && limited.allSatisfy { words($0) <= 2 }, "\(limited.map { raw.utf8Slice($0) })")
    }

    /// The shipped settings are read from their file, written back the same, and a damaged
    /// file is refused with the line at fault.
    @Test func settingsSurviveTheirFileAndRefuseDamage() throws {
        var settings = TechniqueDetector.Settings()
        (settings.sentenceThreshold, settings.tokenWeight, settings.threshold, settings.trim, settings.shortWords) = (0.45, 0.75, 0.2, false, 4)
        let copy = try TechniqueDetector.Settings(serialized: settings.serialized)
        #expect(copy == settings)
        #expect(copy.description == "sentence threshold 0.45, token weight 0.75, token threshold none (whole sentences), loaded words ≤ 4 tokens")
        #expect(throws: TechniqueDetector.Settings.FormatError.self) { try TechniqueDetector.Settings(serialized: "token-weight 1.5\n") }
        #expect(throws: TechniqueDetector.Settings.FormatError.self) { try TechniqueDetector.Settings(serialized: "loudness 3\n") }
        #expect(throws: TechniqueDetector.Settings.FormatError.self) { try TechniqueDetector.Settings(serialized: "token-weight\n") }
        #expect(throws: TechniqueDetector.Settings.FormatError.self) { try TechniqueDetector.Settings(serialized: "trim yes\n") }
        // Every candidate the choice considers differs from every other.
        let candidates = TechniqueDetector.Settings.candidates
        #expect(Set(candidates.map(\.serialized)).count == candidates.count)
    }

    /// A sentence the sentence model finds neutral is lifted when one of its tokens is
    /// confidently loaded, by as much as the token weight says; with weight 0 the sentence
    /// model decides alone.
    @Test(.enabled(if: detector != nil, "the shipped technique models are missing"))
    func aConfidentTokenLiftsItsSentence() throws {
        var detector = try #require(Self.detector)
        let neutral = TechniqueDetector.Scored(sentence: 0.2, tokens: [0.1, 0.95, 0.1])
        let flat = TechniqueDetector.Scored(sentence: 0.2, tokens: [0.1, 0.1, 0.1])
        detector.settings.tokenWeight = 0
        #expect(detector.argues(neutral) == 0.2)
        detector.settings.tokenWeight = 0.5
        let lifted = detector.argues(neutral)
        // Log-odds -1.39 and 2.94, halved and added: 0.78, probability 0.69.
        #expect(abs(lifted - 0.685) < 0.01)
        #expect(detector.argues(flat) < 0.2)
        detector.settings.tokenWeight = 0.75
        #expect(detector.argues(neutral) > lifted)
    }
}
