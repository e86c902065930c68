import ArgumentParser
import ClaimTrace
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writing to the terminal: messages on stderr, and a progress line only when stderr is a
/// terminal and the run lasts more than a moment.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// For CI's pinned baselines: reports every score under its minimum (a score or minimum
    /// that is nil is not checked), then exits with status 1 if any was.
    static func checkBaselines(_ checks: [(name: String, score: Double?, minimum: Double?)]) throws {
        var failed = false
        for check in checks {
            guard let score = check.score, let minimum = check.minimum, score < minimum else { continue }
            error(check.name + String(format: " %.4f is below the pinned baseline %.4f", score, minimum))
            failed = true
        }
        if failed { throw ExitCode(1) }
    }

    /// Tells the user, once per reason, when the corpus stages could not use temporary files
    /// and kept their tables in memory instead.
    static func warnAboutTemporaryFiles() {
        for problem in TemporaryStorage.problems where warnedAbout.insert(problem).inserted {
            error(
                "claimtrace: warning: \(problem); the corpus stages keep their tables in memory instead, which a large "
                    + "corpus may not fit (set TMPDIR to a folder with free space)")
        }
    }
    nonisolated(unsafe) private static var warnedAbout = Set<String>()

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// A self-overwriting progress line on stderr: done, rate, time left.
final class ProgressLine {
    private let total: Int
    private let unit: String
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let enabled: Bool

    init(total: Int, unit: String, enabled: Bool = Console.stderrIsTerminal) {
        self.total = total
        self.unit = unit
        self.enabled = enabled
    }

    func update(done: Int) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(started)
        guard elapsed > 2, now.timeIntervalSince(lastDraw) > 0.25 || done == total else { return }
        lastDraw = now
        let rate = Double(done) / max(elapsed, 0.001)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let line = "\r\u{1B}[K\(done)/\(total) \(unit) · \(Int(rate.rounded()))/s · ~\(Int(left.rounded())) s left"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Replaces the line with what the run is doing now (after the files, the corpus stages),
    /// when a progress line has been shown: a long run never sits silent at 100%.
    func status(_ text: String) {
        guard enabled, drawn || Date().timeIntervalSince(started) > 2 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// A file written under a temporary name and renamed into place when complete, so that an
/// interrupted run never leaves a truncated report where a good one was.
///
/// Only regular files are ever replaced: the temporary file is opened without following links,
/// and the final `rename(2)` fails on a folder instead of removing it. Nothing is removed
/// recursively, ever.
final class OutputFile {
    let path: String
    private let temporary: String
    private let handle: FileHandle
    private let isStandardOutput: Bool

    /// What is appended to a report's path while it is being written.
    static let partialSuffix = ".partial"

    init(path: String) throws {
        self.path = path
        if path == "-" {
            isStandardOutput = true
            temporary = path
            handle = FileHandle.standardOutput
            return
        }
        isStandardOutput = false
        temporary = path + Self.partialSuffix
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ValidationError(
                "\(path): cannot create the output file \(temporary) (\(reason)); check that its folder exists and is writable")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ValidationError("\(path): \(temporary) exists and is not a regular file; remove it or choose another path")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ bytes: [UInt8]) throws {
        try handle.write(contentsOf: bytes)
    }

    /// Writes what `produce` hands its argument, piece by piece, through a megabyte's buffer.
    func writeBuffered(_ produce: ((String) throws -> Void) throws -> Void) throws {
        var buffer: [UInt8] = []
        try produce { piece in
            buffer += piece.utf8
            if buffer.count >= 1 << 20 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try write(buffer)
    }

    /// Puts the finished file in place: one `rename(2)`, which replaces a regular file and
    /// refuses a folder.
    func commit() throws {
        guard !isStandardOutput else { return }
        try handle.synchronize()
        try handle.close()
        if let kind = OutputPaths.existingKind(path), kind != "file" {
            unlink(temporary)
            throw ValidationError("\(path): \(kind) appeared there during the run; it was left alone and the report not written")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ValidationError("\(path): cannot put the report in place (\(reason)); it was not written")
        }
    }

    func abandon() {
        guard !isStandardOutput else { return }
        try? handle.close()
        unlink(temporary)
    }
}
