import ArgumentParser
import ClaimTrace
import Foundation

struct EvalPTCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ptc",
        abstract: "Propaganda techniques on PTC: k-fold cross-validation, SI and TC in the official measures.",
        discussion: """
            Deals PTC's training articles into --folds folds by their sorted ids; each fold is
            scored by models trained on the other folds only (the span threshold is chosen on a
            fifth of the training part). Prints span identification (SI) precision, recall and F1
            with partial-overlap credit, technique classification (TC) micro-F1 given the gold
            spans, and F1 per technique. With --out, writes the predictions in the official label
            formats: si-predictions.txt (id, start, end) and tc-predictions.txt (id, technique,
            start, end).

            Example:
              claimtrace eval ptc --data ../shared/eval/ptc --folds 5
            """
    )

    @Option(name: .long, help: ArgumentHelp("PTC's folder (holding train-articles/ and train-task-flc-tc.labels).", valueName: "dir"))
    var data: String

    @Option(name: .long, help: "Number of folds.")
    var folds: Int = 5

    @Option(name: .long, help: "Passes over the training data.")
    var epochs: Int = 6

    @Option(name: .long, help: ArgumentHelp("Write the predictions here (a folder).", valueName: "dir"))
    var out: String?

    @Option(name: .customLong("min-si-f1"), help: "Exit with status 1 when SI F1 is below this (for CI).")
    var minimumSIF1: Double?

    @Option(name: .customLong("min-tc-f1"), help: "Exit with status 1 when TC micro-F1 is below this (for CI).")
    var minimumTCF1: Double?

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
    }

    func run() throws {
        let articles: [PTC.Article]
        do {
            articles = try PTC.read(data)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        guard articles.count >= folds else {
            Console.error("\(data): \(articles.count) articles, fewer than \(folds) folds")
            throw ExitCode(2)
        }
        let spans = articles.reduce(0) { $0 + $1.gold.count }
        print("PTC: \(articles.count) articles, \(spans) gold spans, \(folds)-fold cross-validation")
        let start = Date()
        let result = try PTC.crossValidate(articles, folds: folds, epochs: epochs) { Console.error($0) }
        print(result.scores.table())
        print(String(format: "detection speed: %.0f articles/s on one core (held-out articles, as analyze runs it)", result.articlesPerSecond))
        print(String(format: "%.1f s (training and scoring every fold)", Date().timeIntervalSince(start)))
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try (result.siPredictions.joined(separator: "\n") + "\n").write(toFile: out + "/si-predictions.txt", atomically: true, encoding: .utf8)
            try (result.tcPredictions.joined(separator: "\n") + "\n").write(toFile: out + "/tc-predictions.txt", atomically: true, encoding: .utf8)
            print("predictions: \(out)/si-predictions.txt, \(out)/tc-predictions.txt")
        }
        try Console.checkBaselines([("SI F1", result.scores.siF1, minimumSIF1), ("TC micro-F1", result.scores.tcMicroF1, minimumTCF1)])
    }
}

struct TrainPTCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ptc",
        abstract: "Train the propaganda technique models on all of PTC's training articles.",
        discussion: """
            Writes the sentence, span and technique models that 'analyze' uses. Seeded: the same
            data gives the same files. Score the method with 'claimtrace eval ptc' (which never
            scores an article its models were trained on).

            Example:
              swift run -c release claimtrace train ptc --data ../shared/eval/ptc
            """
    )

    @Option(name: .long, help: ArgumentHelp("PTC's folder.", valueName: "dir"))
    var data: String

    @Option(name: .long, help: "Passes over the training data.")
    var epochs: Int = 6

    @Option(name: .long, help: ArgumentHelp("Folder to write the three model files and the settings into.", valueName: "dir"))
    var out: String = "Sources/ClaimTrace/Resources"

    func run() throws {
        let articles = try PTC.read(data)
        print("training on \(articles.count) articles, \(articles.reduce(0) { $0 + $1.gold.count }) gold spans")
        let (detector, settings) = PTC.train(articles, epochs: epochs)
        for (name, model) in [
            ("techniques-sentences", detector.sentenceModel), ("techniques-spans", detector.spanModel),
            ("techniques", detector.techniqueModel),
        ] {
            let data = model.serialized()
            let path = out + "/\(name).ctlm"
            try data.write(to: URL(fileURLWithPath: path))
            print("wrote \(path) (\(data.count / 1024) KB, \(model.featureCount) features)")
        }
        let path = out + "/techniques-settings.txt"
        try settings.serialized.write(toFile: path, atomically: true, encoding: .utf8)
        print("wrote \(path): \(settings)")
    }
}
