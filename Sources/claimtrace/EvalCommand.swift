import ArgumentParser
import ClaimTrace
import Foundation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score an extractor on a public dataset.",
        discussion: """
            Example:
              claimtrace eval conll --data ../shared/eval/conll2003
            """,
        subcommands: [EvalConllCommand.self, EvalPolnearCommand.self, EvalPTCCommand.self, EvalWebExtractCommand.self, EvalClaimsCommand.self]
    )
}

struct EvalConllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conll",
        abstract: "Mention detection on CoNLL-2003: exact-match entity F1 per type and overall (conlleval).",
        discussion: """
            Scores the shipped mention model (or --model) on the validation part. The model was
            trained on the training part only (see 'claimtrace train conll').

            Example:
              claimtrace eval conll --data ../shared/eval/conll2003
              claimtrace eval conll --data ../shared/eval/conll2003 --min-f1 0.85
            """
    )

    @Option(name: .long, help: ArgumentHelp("Folder holding train.txt and valid.txt.", valueName: "dir"))
    var data: String

    @Option(name: .long, help: "Which part to score: valid or train.")
    var split: String = "valid"

    @Option(name: .long, help: ArgumentHelp("A model file instead of the shipped one.", valueName: "file"))
    var model: String?

    @Option(name: .customLong("min-f1"), help: "Exit with status 1 when overall F1 is below this (for CI).")
    var minimumF1: Double?

    func validate() throws {
        guard ["valid", "train"].contains(split) else { throw ValidationError("--split must be valid or train") }
    }

    func run() throws {
        let sentences = try CoNLL.read((data as NSString).appendingPathComponent("\(split).txt"))
        let mentionModel: TaggingModel
        if let model {
            guard let bytes = FileManager.default.contents(atPath: model) else {
                throw ValidationError("\(model): cannot read the model file")
            }
            mentionModel = TaggingModel(tagger: try PerceptronTagger(serialized: [UInt8](bytes), name: model))
        } else if let shipped = TaggingModel.mentions {
            mentionModel = shipped
        } else {
            throw ValidationError("the mention model is missing from the build; run 'claimtrace train conll' first")
        }
        let start = Date()
        let scores = mentionModel.evaluate(sentences)
        let seconds = Date().timeIntervalSince(start)
        let tokens = sentences.reduce(0) { $0 + $1.words.count }
        print(scores.table(title: "CoNLL-2003 \(split): \(sentences.count) sentences, \(tokens) tokens"))
        print(String(format: "tagging speed: %.0f tokens/s (one thread, features included)", Double(tokens) / seconds))
        try Console.checkBaselines([("overall F1", scores.overall.f1, minimumF1)])
    }
}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the models that claimtrace ships (reproducible: fixed seed and order).",
        discussion: """
            Example:
              swift run -c release claimtrace train conll --data ../shared/eval/conll2003
            """,
        subcommands: [TrainConllCommand.self, TrainPolnearCommand.self, TrainPTCCommand.self]
    )
}

struct TrainConllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conll",
        abstract: "Train the name tagger and the phrase chunker on CoNLL-2003's training part.",
        discussion: """
            Example:
              swift run -c release claimtrace train conll --data ../shared/eval/conll2003
            """
    )

    @OptionGroup var training: TrainingOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the name tagger.", valueName: "file"))
    var out: String = "Sources/ClaimTrace/Resources/mentions.ctpt"

    @Option(name: .customLong("phrases-out"), help: ArgumentHelp("Where to write the phrase chunker.", valueName: "file"))
    var phrasesOut: String = "Sources/ClaimTrace/Resources/phrases.ctpt"

    func run() throws {
        let (data, epochs, keep) = (training.data, training.epochs, training.keep ?? 80_000)
        let train = try CoNLL.read((data as NSString).appendingPathComponent("train.txt"))
        let valid = try CoNLL.read((data as NSString).appendingPathComponent("valid.txt"))
        print("training on \(train.count) sentences, \(epochs) epochs")
        let model = TaggingModel.train(train, epochs: epochs, keep: keep) { epoch, errors in
            print("  epoch \(epoch): \(errors) token errors")
        }
        let bytes = model.tagger.serialized()
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        print("wrote \(out) (\(bytes.count / 1024) KB, \(model.tagger.rows.count) features)")
        // Score the quantised model as shipped.
        let shipped = TaggingModel(tagger: try PerceptronTagger(serialized: bytes, name: out))
        print(shipped.evaluate(valid).table(title: "validation"))

        // The phrase chunker, from the same sentences' chunk column.
        print("training the phrase chunker, \(epochs) epochs")
        let chunker = TaggingModel.train(train, column: .phrases, epochs: epochs, keep: keep) { epoch, errors in
            print("  epoch \(epoch): \(errors) token errors")
        }
        let chunkBytes = chunker.tagger.serialized()
        try Data(chunkBytes).write(to: URL(fileURLWithPath: phrasesOut))
        print("wrote \(phrasesOut) (\(chunkBytes.count / 1024) KB, \(chunker.tagger.rows.count) features)")
        let shippedChunker = TaggingModel(tagger: try PerceptronTagger(serialized: chunkBytes, name: phrasesOut))
        print(shippedChunker.evaluate(valid, column: .phrases).table(title: "validation (phrase chunks)"))
    }
}

struct EvalPolnearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polnear",
        abstract: "Attribution extraction on PolNeAR: source, cue and content spans, exact and by overlap.",
        discussion: """
            Runs the pipeline on each article's text and compares its attributions with the
            first annotator's. Overlap counts a match when the spans share a non-space character.
            --agreement adds, for the articles several people annotated, how the annotators
            score against each other and how claimtrace scores against each of them. --out
            writes the predictions as brat standoff files (NAME_claimtrace.ann), as PolNeAR's
            own are written, for outside scorers and for brat.

            Example:
              claimtrace eval polnear --data ../shared/eval/polnear --agreement
              claimtrace eval polnear --data ../shared/eval/polnear --out predictions/
            """
    )

    @Option(name: .long, help: ArgumentHelp("PolNeAR's folder (holding dev/ and train/).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: "Which part to score: dev or train.")
    var split: String = "dev"

    @Option(name: .customLong("min-source-f1"), help: "Exit with status 1 when source exact F1 is below this (for CI).")
    var minimumSourceF1: Double?

    @Option(name: .customLong("min-content-f1"), help: "Exit with status 1 when content overlap F1 is below this (for CI).")
    var minimumContentF1: Double?

    @Flag(name: .long, help: "Also score annotators against each other where several marked an article, and claimtrace against each.")
    var agreement = false

    @Option(name: .long, help: ArgumentHelp("A folder to write the predictions to, one brat .ann file an article.", valueName: "dir"))
    var out: String?

    func run() throws {
        let articles = try PolNeAR.read(data, split: split)
        let start = Date()
        let predicted = try PolNeAR.predict(articles)
        let seconds = Date().timeIntervalSince(start)
        let scores = PolNeAR.score(articles, predicted: predicted)
        let gold = articles.reduce(0) { $0 + $1.attributions.count }
        print(scores.table(title: "PolNeAR \(split): \(articles.count) articles, \(gold) gold attributions"))
        print(String(format: "%.2f s for the whole pipeline", seconds))
        if agreement {
            let (count, people, ours) = PolNeAR.agreement(articles, predicted: predicted)
            if count == 0 {
                print("\nno article of the \(split) part has more than one annotator")
            } else {
                let pairs = articles.filter { $0.annotators.count > 1 }.reduce(0) { $0 + $1.annotators.count * ($1.annotators.count - 1) }
                print("")
                print(people.table(title: "annotators against each other: \(count) articles, \(pairs) ordered pairs of annotators"))
                print("")
                print(ours.table(title: "claimtrace against each of those annotators"))
            }
        }
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (article, prediction) in zip(articles, predicted) {
                let path = (out as NSString).appendingPathComponent(article.name + "_claimtrace.ann")
                try PolNeAR.brat(prediction, text: article.text).write(toFile: path, atomically: true, encoding: .utf8)
            }
            print("predictions: \(articles.count) files in \(out)")
        }
        try Console.checkBaselines([
            ("source exact F1", scores.roles["source"]?.exact.f1, minimumSourceF1),
            ("content overlap F1", scores.roles["content"]?.overlap.f1, minimumContentF1),
        ])
    }
}

struct TrainPolnearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polnear",
        abstract: "Train the attribution tagger (SOURCE, CUE, CONTENT spans) on PolNeAR's training part.",
        discussion: """
            The dev part is never used for training; score with 'claimtrace eval polnear'.

            Example:
              swift run -c release claimtrace train polnear --data ../shared/eval/polnear
            """
    )

    @OptionGroup var training: TrainingOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the model.", valueName: "file"))
    var out: String = "Sources/ClaimTrace/Resources/attributions.ctpt"

    @Option(name: .customLong("stacked-out"), help: ArgumentHelp("Where to write the stacked second tagger.", valueName: "file"))
    var stackedOut: String = "Sources/ClaimTrace/Resources/attributions-stacked.ctpt"

    func run() throws {
        // The attribution tagger's statement features need more room: on the dev part, keeping
        // 200,000 features gave source exact F1 0.631 and content overlap 0.830 (80,000: 0.625,
        // 0.816; 400,000: 0.629, 0.826).
        let (data, epochs, keep) = (training.data, training.epochs, training.keep ?? 200_000)
        let articles = try PolNeAR.read(data, split: "train")
        let sentences = try PolNeAR.taggedSentences(articles)
        print("training on \(articles.count) articles, \(sentences.count) sentences, \(epochs) epochs")
        func train(_ part: ArraySlice<CoNLL.Sentence>, _ name: String, firstPass: [[String]]? = nil) -> TaggingModel {
            TaggingModel.train(Array(part), column: .custom, epochs: epochs, features: .attribution, keep: keep, firstPass: firstPass) { epoch, errors in
                print("  \(name), epoch \(epoch): \(errors) token errors")
            }
        }
        // The stacked tagger learns from first-pass tags the first tagger gives sentences it was
        // not trained on: each half is tagged by a tagger trained on the other half.
        let half = sentences.count / 2
        let (a, b) = (train(sentences[..<half], "first half"), train(sentences[half...], "second half"))
        let firstPass = sentences[..<half].map { b.tags($0.words) } + sentences[half...].map { a.tags($0.words) }
        let first = train(sentences[...], "first pass")
        let second = train(sentences[...], "stacked", firstPass: firstPass)
        let model = TaggingModel(tagger: first.tagger, features: .attribution, stacked: second.tagger)
        for (tagger, file) in [(first.tagger, out), (second.tagger, stackedOut)] {
            let bytes = tagger.serialized()
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            print("wrote \(file) (\(bytes.count / 1024) KB, \(tagger.rows.count) features)")
        }
        let dev = try PolNeAR.taggedSentences(try PolNeAR.read(data, split: "dev"))
        print(first.evaluate(dev, column: .custom).table(title: "dev, span tags (exact), first pass"))
        print(model.evaluate(dev, column: .custom).table(title: "dev, span tags (exact), stacked"))
    }
}

/// Options shared by the training commands.
struct TrainingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The dataset's folder.", valueName: "dir"))
    var data: String

    @Option(name: .long, help: "Passes over the training data.")
    var epochs: Int = 8

    @Option(name: .long, help: "Features to keep (by weight); 80,000 for CoNLL and 200,000 for PolNeAR unless given.")
    var keep: Int?

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let keep, keep < 1000 { throw ValidationError("--keep must be at least 1000") }
    }
}
