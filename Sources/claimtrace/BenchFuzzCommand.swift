import ArgumentParser
import ClaimTrace
import ClaimTraceStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct BenchFuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Feed damaged copies of the sample articles to 'analyze': no crash, no hang, no stored document lost.",
        discussion: """
            Stores the sample corpus in a fresh database, then, round by round, damages one sample
            file (bit flips, truncation, NUL bytes, byte-order marks, deep nesting, huge lines,
            repeated chunks, random bytes, control characters, floods of quotes or attributes,
            hostile JSONL records) and runs 'claimtrace analyze' on it, into the same database, as
            a separate process with a time limit. After each run it checks that the process ended
            by itself with status 0 or 1, that its report is valid JSON, that every document stored
            before is still stored, and SQLite's integrity check. The same seed gives the same
            rounds; a failing input is kept with its seed, round and damage in its name.

            Examples:
              claimtrace bench fuzz --seed 1 --files 20
              claimtrace bench fuzz --seed 7 --files 500 --timeout 120 --keep fuzz-failures
              claimtrace bench fuzz --seed 1 --files 30 --size 20000   (a quick round, as CI runs it)
            """
    )

    @Option(name: .long, help: "Seed of the damage (the same seed gives the same rounds).")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Rounds: damaged files to analyse, one per run.")
    var files: Int = 50

    @Option(name: .long, help: ArgumentHelp("Seconds one run may take before it counts as a hang.", valueName: "seconds"))
    var timeout: Double = 60

    @Option(
        name: .long,
        help: ArgumentHelp("Bytes of the largest insertion (a huge line, a nesting, a flood); smaller is faster.", valueName: "bytes"))
    var size: Int = 400_000

    @Option(name: .long, help: ArgumentHelp("The folder of articles to damage.", valueName: "dir"))
    var samples: String = "Samples"

    @Option(name: .long, help: ArgumentHelp("Where to keep inputs that failed (default: a folder in the temporary directory).", valueName: "dir"))
    var keep: String?

    func validate() throws {
        if files < 1 { throw ValidationError("--files must be at least 1") }
        if !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if size < 100 { throw ValidationError("--size must be at least 100 bytes") }
    }

    func run() throws {
        let originals = InputCollector().collect([samples]).files
        guard !originals.isEmpty else {
            Console.error("\(samples): no articles to damage; give --samples a folder of .txt, .md, .html or .jsonl files")
            throw ExitCode(2)
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("claimtrace-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let failures = URL(fileURLWithPath: keep ?? work.deletingLastPathComponent().appendingPathComponent("claimtrace-fuzz-failures").path)
        let database = work.appendingPathComponent("fuzz.sqlite").path
        let program = try Self.ownExecutable()

        // The corpus the damaged files are added to: it must survive every round.
        let baseline = Self.analyze(program, [samples, "--db", database, "-q"], log: work.appendingPathComponent("baseline.log"), timeout: timeout * 4)
        guard case .exited(let status, _) = baseline, status <= 1 else {
            Console.error("fuzz: the undamaged samples did not analyse (\(baseline)); see \(work.path)/baseline.log")
            throw ExitCode(2)
        }
        var stored = Set(try ClaimTraceStore(path: database).documentIds())
        print("fuzz: seed \(seed), \(files) rounds over \(originals.count) sample files, \(stored.count) documents stored first")

        let mutator = InputMutator(maxInsertion: size)
        var problems: [String] = []
        var slowest = (seconds: 0.0, round: 0)
        var byMutation: [InputMutator.Mutation: Int] = [:]
        for round in 0..<files {
            var random = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(round))
            let original = originals[Int(random.next() % UInt64(originals.count))]
            let mutation = InputMutator.Mutation.allCases[Int(random.next() % UInt64(InputMutator.Mutation.allCases.count))]
            byMutation[mutation, default: 0] += 1
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: original.path)))
            let damaged = mutator.apply(mutation, to: bytes, random: &random)
            let folder = work.appendingPathComponent("round-\(round)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = (original.path as NSString).lastPathComponent
            try Data(damaged).write(to: folder.appendingPathComponent(name))
            let report = folder.appendingPathComponent("report.json").path
            let log = work.appendingPathComponent("round-\(round).log")
            let outcome = Self.analyze(program, [folder.path, "--db", database, "--json", report, "-q"], log: log, timeout: timeout)

            var problem: String?
            switch outcome {
            case .hung: problem = "hang: still running after \(timeout) s"
            case .signalled(let signal): problem = "crash: killed by signal \(signal)"
            case .exited(let status, let seconds):
                if seconds > slowest.seconds { slowest = (seconds, round) }
                if status > 1 {
                    problem = "exit status \(status): " + Self.lastLine(of: log)
                } else if (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report)))) == nil {
                    problem = "the report is not valid JSON"
                }
            }
            // The database after every run: intact, and holding all it held before.
            do {
                let store = try ClaimTraceStore(path: database)
                let check = try store.integrityCheck()
                if check != ["ok"] { problem = (problem.map { $0 + "; " } ?? "") + "integrity check: " + check.prefix(3).joined(separator: "; ") }
                let now = Set(try store.documentIds())
                let lost = stored.subtracting(now)
                if !lost.isEmpty { problem = (problem.map { $0 + "; " } ?? "") + "\(lost.count) stored documents lost (\(lost.sorted().prefix(3).joined(separator: ", ")))" }
                stored.formUnion(now)
            } catch {
                problem = (problem.map { $0 + "; " } ?? "") + "the database no longer opens: \(error)"
            }
            if let problem {
                try FileManager.default.createDirectory(at: failures, withIntermediateDirectories: true)
                let kept = failures.appendingPathComponent("seed-\(seed)-round-\(round)-\(mutation.rawValue)-\(name)")
                try? FileManager.default.removeItem(at: kept)
                try Data(damaged).write(to: kept)
                let line = "round \(round) (\(mutation.rawValue) on \(name), \(damaged.count) bytes): \(problem); input kept as \(kept.path)"
                problems.append(line)
                print(line)
            }
            try? FileManager.default.removeItem(at: folder)
        }
        let mix = InputMutator.Mutation.allCases.compactMap { m in byMutation[m].map { "\(m.rawValue) \($0)" } }.joined(separator: ", ")
        print("damage: \(mix)")
        print(
            "fuzz: \(files) runs, \(problems.count) failed; \(stored.count) documents stored, none lost"
                + String(format: "; slowest run %.1f s (round %d)", slowest.seconds, slowest.round))
        if !problems.isEmpty { throw ExitCode(1) }
    }

    /// How a run ended.
    enum Outcome: CustomStringConvertible {
        case exited(Int32, seconds: Double)
        case signalled(Int32)
        case hung

        var description: String {
            switch self {
            case .exited(let status, let seconds): return String(format: "exit status %d after %.1f s", status, seconds)
            case .signalled(let signal): return "killed by signal \(signal)"
            case .hung: return "did not finish in time"
            }
        }
    }

    /// Runs this program with `arguments`, its output into `log`; a run past `timeout` is
    /// stopped (TERM, then KILL) and counted as a hang.
    static func analyze(_ program: String, _ arguments: [String], log: URL, timeout: Double) -> Outcome {
        guard FileManager.default.createFile(atPath: log.path, contents: nil), let output = FileHandle(forWritingAtPath: log.path) else {
            return .signalled(-1)
        }
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["analyze"] + arguments
        process.standardOutput = output
        process.standardError = output
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let started = Date()
        do {
            try process.run()
        } catch {
            return .signalled(-1)
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if done.wait(timeout: .now() + 5) == .timedOut { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return .hung
        }
        if process.terminationReason == .uncaughtSignal { return .signalled(process.terminationStatus) }
        return .exited(process.terminationStatus, seconds: Date().timeIntervalSince(started))
    }

    static func lastLine(of log: URL) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map(String.init) ?? "(no output)"
    }

    /// This program's own path, to run it again as a separate process.
    static func ownExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw ValidationError("cannot find this program's own path to run it again") }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
