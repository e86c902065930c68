import Testing

@testable import ClaimTrace

@Suite struct TaggerTests {
    @Test func conllChunksFollowConllevalSemantics() {
        let chunks = CoNLL.chunks(["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "B-MISC"])
        #expect(chunks == [
            .init(type: "PER", start: 0, end: 2), .init(type: "LOC", start: 3, end: 5), .init(type: "LOC", start: 5, end: 6),
            .init(type: "ORG", start: 6, end: 7), .init(type: "MISC", start: 7, end: 8),
        ])
    }

    @Test func scoresCountExactMatchesOnly() {
        var scores = SpanScores()
        scores.add(
            gold: [.init(type: "PER", start: 0, end: 2), .init(type: "LOC", start: 4, end: 5)],
            predicted: [.init(type: "PER", start: 0, end: 2), .init(type: "LOC", start: 4, end: 6), .init(type: "ORG", start: 7, end: 8)])
        #expect(scores.overall.truePositives == 1)
        #expect(scores.overall.falsePositives == 2)
        #expect(scores.overall.falseNegatives == 1)
        #expect(abs(scores.overall.f1 - 0.4) < 1e-9)
        #expect(scores.byType["PER"]?.f1 == 1)
    }

    /// Sentences we wrote, in CoNLL's scheme.
    static let training: [CoNLL.Sentence] = [
        .init(words: ["Minister", "Anna", "Berg", "visited", "Oslo", "."], tags: ["O", "B-PER", "I-PER", "O", "B-LOC", "O"]),
        .init(words: ["Jon", "Lund", "works", "for", "Nordbank", "in", "Bergen", "."], tags: ["B-PER", "I-PER", "O", "O", "B-ORG", "O", "B-LOC", "O"]),
        .init(words: ["The", "Nordbank", "board", "met", "Anna", "Berg", "."], tags: ["O", "B-ORG", "O", "O", "B-PER", "I-PER", "O"]),
        .init(words: ["Oslo", "and", "Bergen", "are", "cities", "."], tags: ["B-LOC", "O", "B-LOC", "O", "O", "O"]),
    ]

    @Test func aTrainedTaggerLearnsAndSurvivesSerialisation() throws {
        let model = TaggingModel.train(Self.training, epochs: 10, features: TaggerFeatures(gazetteer: .empty))
        #expect(model.evaluate(Self.training).overall.f1 == 1)
        let bytes = model.tagger.serialized()
        let reloaded = TaggingModel(
            tagger: try PerceptronTagger(serialized: bytes, name: "test"), features: TaggerFeatures(gazetteer: .empty))
        #expect(reloaded.tags(["Jon", "Lund", "visited", "Bergen", "."]) == model.tags(["Jon", "Lund", "visited", "Bergen", "."]))
        #expect(reloaded.evaluate(Self.training).overall.f1 == 1)
    }

    /// Whether the first word speaks depends on a verb four words later, out of a greedy
    /// tagger's sight; a tagger stacked on the first one's tags sees where that one put the cue.
    @Test func aStackedTaggerSeesWhatTheFirstFoundToTheRight() {
        let fillers = ["red", "blue", "green", "gold", "grey", "pink"]
        var sentences: [CoNLL.Sentence] = []
        for k in 0..<60 {
            let speaks = k % 2 == 0
            // Both kinds of sentence share their fillers, so nothing near the first word tells them apart.
            let words = ["Alpha"] + (0..<3).map { fillers[(k / 2 + $0 * 5) % fillers.count] } + [speaks ? "zorbed" : "blorped"]
            let tags = speaks ? ["B-SOURCE", "O", "O", "O", "B-CUE"] : ["O", "O", "O", "O", "O"]
            sentences.append(CoNLL.Sentence(words: words, tags: tags))
        }
        let features = TaggerFeatures(gazetteer: .empty, cues: [])
        let first = TaggingModel.train(sentences, column: .custom, epochs: 8, features: features)
        let firstPass = sentences.map { first.tags($0.words) }
        let second = TaggingModel.train(sentences, column: .custom, epochs: 8, features: features, firstPass: firstPass)
        let stacked = TaggingModel(tagger: first.tagger, features: features, stacked: second.tagger)
        let speaking = ["Alpha", "pink", "red", "gold", "zorbed"]
        let silent = ["Alpha", "pink", "red", "gold", "blorped"]
        // The first pass cannot tell the two apart at the first word; the stacked one can.
        #expect(first.tags(speaking)[0] == first.tags(silent)[0])
        #expect(stacked.tags(speaking) == ["B-SOURCE", "O", "O", "O", "B-CUE"])
        #expect(stacked.tags(silent) == ["O", "O", "O", "O", "O"])
    }

    @Test func damagedModelFilesAreRefusedWithTheReason() {
        let bytes = TaggingModel.train(Self.training, epochs: 2, features: TaggerFeatures(gazetteer: .empty)).tagger.serialized()
        #expect { _ = try PerceptronTagger(serialized: Array(bytes.dropLast(3)), name: "m.ctpt") } throws: {
            "\($0)".contains("m.ctpt") && "\($0)".contains("bytes")
        }
        #expect { _ = try PerceptronTagger(serialized: Array("hello".utf8), name: "m.ctpt") } throws: {
            "\($0)".contains("not a claimtrace tagger model")
        }
    }

    @Test func bioIsRepairedWhileDecoding() {
        let tagger = PerceptronTagger(labels: ["O", "B-PER", "I-PER"], rows: [:], weights: [])
        #expect(tagger.repairBIO(2, previous: 0) == 1)  // I-PER after O becomes B-PER
        #expect(tagger.repairBIO(2, previous: 1) == 2)
        #expect(tagger.repairBIO(2, previous: -1) == 1)
    }

    @Test func wordShapes() {
        #expect(TaggerFeatures.shape("Kabul") == "Xxxxx")
        #expect(TaggerFeatures.shape("U.S.") == "X.X.")
        #expect(TaggerFeatures.shape("7,000") == "d,ddd")
        #expect(TaggerFeatures.shape("Internationalisation") == "Xxxxx")
        #expect(TaggerFeatures.shortShape("Xxxxx") == "Xx")
    }

    @Test func gazetteerMatchesPhrasesAndAliases() {
        let gazetteer = Gazetteer(entries: [
            ("Islamic State", .init(kind: "group", canonical: "Islamic State")),
            ("Daesh", .init(kind: "group", canonical: "Islamic State")),
            ("Iranian", .init(kind: "demonym", canonical: "Iran")),
            ("Maj. Gen.", .init(kind: "title", detail: "military")),
            ("IS", .init(kind: "group", canonical: "Islamic State")),
        ])
        let words = ["the", "Islamic", "State", "and", "daesh", "met", "Maj.", "Gen.", "x", "IS", "is", "here"]
        let matches = gazetteer.matches(words).map { "\($0.start)-\($0.end):\($0.entry.canonical ?? $0.entry.kind)" }
        // "IS" matches as written; the word "is" does not.
        #expect(matches == ["1-3:Islamic State", "4-5:Islamic State", "6-8:title", "9-10:Islamic State"])
    }
}
