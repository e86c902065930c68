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
        subcommands: [EvalConllCommand.self]
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
        let mentionModel: MentionModel
        if let model {
            guard let bytes = FileManager.default.contents(atPath: model) else {
                throw ValidationError("\(model): cannot read the model file")
            }
            mentionModel = MentionModel(tagger: try PerceptronTagger(serialized: [UInt8](bytes), name: model))
        } else if let shipped = MentionModel.shared {
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
        if let minimumF1, scores.overall.f1 < minimumF1 {
            Console.error(String(format: "overall F1 %.4f is below the pinned baseline %.4f", scores.overall.f1, minimumF1))
            throw ExitCode(1)
        }
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
        subcommands: [TrainConllCommand.self]
    )
}

struct TrainConllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conll",
        abstract: "Train the mention tagger on CoNLL-2003's training part.",
        discussion: """
            Example:
              swift run -c release claimtrace train conll --data ../shared/eval/conll2003
            """
    )

    @Option(name: .long, help: ArgumentHelp("Folder holding train.txt and valid.txt.", valueName: "dir"))
    var data: String

    @Option(name: .long, help: "Passes over the training data.")
    var epochs: Int = 8

    @Option(name: .long, help: "Features to keep (by weight).")
    var keep: Int = 200_000

    @Option(name: .long, help: ArgumentHelp("Where to write the model.", valueName: "file"))
    var out: String = "Sources/ClaimTrace/Resources/mentions.ctpt"

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if keep < 1000 { throw ValidationError("--keep must be at least 1000") }
    }

    func run() throws {
        let train = try CoNLL.read((data as NSString).appendingPathComponent("train.txt"))
        let valid = try CoNLL.read((data as NSString).appendingPathComponent("valid.txt"))
        print("training on \(train.count) sentences, \(epochs) epochs")
        let model = MentionModel.train(train, epochs: epochs, keep: keep) { epoch, errors in
            print("  epoch \(epoch): \(errors) token errors")
        }
        let bytes = model.tagger.serialized()
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        print("wrote \(out) (\(bytes.count / 1024) KB, \(model.tagger.rows.count) features)")
        // Score the quantised model as shipped.
        let shipped = MentionModel(tagger: try PerceptronTagger(serialized: bytes, name: out))
        print(shipped.evaluate(valid).table(title: "validation"))
    }
}
