import ArgumentParser
import ClaimTrace
import ClaimTraceReport
import ClaimTraceStore
import Foundation

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Read articles, analyse them, store them and write a claimtrace/1 JSON report.",
        discussion: """
            Reads .txt, .md, .html/.htm, .jsonl and web archive (.warc, .warc.gz, .wacz) files;
            folders are read recursively in sorted order. Inputs that cannot be read are reported one line each and skipped; the exit
            status is then 1, after everything else is done. Documents already stored stay stored.

            Examples:
              claimtrace analyze Samples --json report.json
              claimtrace analyze articles/ more.jsonl --db corpus.sqlite --json -
              claimtrace analyze big-crawl/ --no-db --json out.json --max-file-size 5
              claimtrace analyze ../shared/corpus/seeds --no-db --show sources
            """
    )

    @Argument(help: "Files or folders to analyse.")
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("Write the JSON report here ('-' for standard output).", valueName: "file"))
    var json: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the HTML report here: one self-contained file with every view (keeps the analysed documents in memory until the end; meant for up to a few thousand articles).",
            valueName: "file"))
    var html: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write claims.csv, attributions.csv, entities.csv and findings.csv into this folder (created if needed).",
            valueName: "dir"))
    var csv: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Write the provenance graph as GraphML (opens in Gephi and yEd).", valueName: "file"))
    var graphml: String?

    @Option(name: .long, help: ArgumentHelp("The SQLite database to store results in.", valueName: "file"))
    var db: String = "claimtrace.sqlite"

    @Flag(name: .customLong("no-db"), help: "Do not store anything; only write the report.")
    var noDatabase = false

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Skip files larger than this many megabytes.", valueName: "MB"))
    var maxFileSize: Double = 20

    @Flag(
        name: .customLong("follow-symlinks"),
        help: "Follow symbolic links that lead out of the folders given (by default, only links inside them are followed).")
    var followSymlinks = false

    @Flag(name: .customLong("include-comments"), help: "Keep readers' comments on web pages as article text (by default they are an excluded 'comments' region).")
    var includeComments = false

    @Option(name: .long, help: "Threads to use (default: one per core).")
    var jobs: Int = Pipeline.defaultJobs

    @Option(name: .customLong("batch-size"), help: "Documents per batch (and per database transaction).")
    var batchSize: Int = 128

    @OptionGroup var model: ModelOptions

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Use the sentence model: store sentence vectors for 'search --semantic' and add vector similarity to claim clustering. Costs about 5x the run time."))
    var semantic = false

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Analyse every document again, even those the database holds an analysis of from an earlier run of this build (same text and metadata)."))
    var reanalyze = false

    @Flag(name: .shortAndLong, help: "Print only problems, not the summary.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Print a table per document on standard output: 'sources' (who said what).", valueName: "what"))
    var show: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to analyse") }
        if !(maxFileSize > 0) { throw ValidationError("--max-file-size must be a positive number of megabytes") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let show, show != "sources" { throw ValidationError("--show takes 'sources'") }
        if show != nil, json == "-" { throw ValidationError("--show prints on standard output; write the JSON to a file instead of '-'") }
        if [json, html, graphml].filter({ $0 == "-" }).count > 1 { throw ValidationError("only one of --json, --html and --graphml can write to standard output") }
        if csv == "-" { throw ValidationError("--csv needs a folder") }
        if db == "-" { throw ValidationError("--db needs a file path; SQLite cannot write to standard output") }
    }

    func run() throws {
        let started = Date()
        let collection = InputCollector(followSymlinks: followSymlinks).collect(paths)
        for issue in collection.issues { Console.error(issue.description) }
        for notice in collection.notices { Console.error(notice.description) }
        guard !collection.files.isEmpty else {
            Console.error(ClaimTraceError.noInputs(paths).description)
            throw ExitCode(2)
        }

        // Before anything is opened or written: no output may replace a folder, the database or
        // an input, and no two outputs may share a path.
        do {
            try OutputPaths.check(
                files: [("--json", json), ("--html", html), ("--graphml", graphml)].compactMap { option, path in
                    path.flatMap { $0 == "-" ? nil : OutputPaths.Output(option: option, path: $0) }
                },
                csvFolder: csv, database: noDatabase ? nil : db, inputs: paths + collection.files.map(\.path))
        } catch {
            Console.error(error.description)
            throw ExitCode(2)
        }

        let store: ClaimTraceStore?
        do {
            store = noDatabase ? nil : try ClaimTraceStore(path: db)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        let encoder = semantic ? try model.loadEncoder() : nil
        if semantic && encoder == nil { Console.error(ModelOptions.semanticOffMessage) }
        var semanticIndex: SemanticIndex?
        if let encoder, let store { semanticIndex = SemanticIndex(encoder: encoder, store: store, threads: jobs) }
        let embedClaims = encoder.map { encoder in { (texts: [String]) in encoder.encode(texts, batchSize: 32, threads: jobs) } }
        let output = try json.map(OutputFile.init(path:))
        let htmlOutput = try html.map(OutputFile.init(path:))
        if let csv {
            do {
                try FileManager.default.createDirectory(atPath: csv, withIntermediateDirectories: true)
            } catch {
                Console.error("\(csv): cannot create the CSV folder (\(error.localizedDescription))")
                throw ExitCode(2)
            }
        }
        let attributionsCSV = try csv.map { try OutputFile(path: $0 + "/" + CSVTables.names[0]) }
        try attributionsCSV?.write(Array(CSVExport.attributionHeader.utf8))
        let graphOutput = try graphml.map(OutputFile.init(path:))
        var graphArticles: [GraphMLExport.Article] = []
        var kept: [AnalyzedDocument] = []
        let runId = try store?.beginRun(inputs: paths)

        let runner = CorpusRunner(
            reader: DocumentReader(maxFileSize: Int(maxFileSize * 1_048_576), includeComments: includeComments), batchSize: batchSize, jobs: jobs)
        let progress = ProgressLine(total: collection.files.count, unit: "files")
        var issues = collection.issues
        var documentCount = 0
        var bytes = 0
        var saved = ClaimTraceStore.SaveSummary()
        var warnings = 0
        var corpus = CorpusAccumulator()
        var findingCount = 0
        var claimCount = 0
        var reused = 0
        var runDocuments: [String] = []
        var skippedRecords = SkippedRecords()

        do {
            // The report streams: header, then each batch's documents, then the footer.
            var writer = StreamingReport(output: output)
            try writer.begin()
            try runner.run(collection.files, reuse: reanalyze ? nil : store) { batch in
                reused += batch.reused
                skippedRecords = skippedRecords + batch.skippedRecords
                for issue in batch.issues { Console.error(issue.description) }
                for warning in batch.warnings { Console.error(warning.description) }
                warnings += batch.warnings.count
                for document in batch.documents {
                    for warning in document.document.warnings { Console.error("\(document.document.source): \(warning)") }
                    warnings += document.document.warnings.count
                }
                issues += batch.issues
                corpus.add(batch.documents, jobs: jobs, embed: embedClaims)
                // Said as soon as the first table falls back to memory, not at the end.
                Console.warnAboutTemporaryFiles()
                documentCount += batch.documents.count
                bytes += batch.bytes
                runDocuments += batch.documents.map(\.id)
                if let store {
                    // What was taken from the store is there already, unchanged.
                    saved = saved + (try store.save(batch.analyzed)) + .init(unchanged: batch.reused)
                    if let runId { try store.addToRun(runId, documents: batch.documents.map(\.id)) }
                }
                try semanticIndex?.add(batch.documents)
                try writer.add(batch.documents, jobs: jobs)
                if htmlOutput != nil { kept += batch.documents }
                if let attributionsCSV {
                    for document in batch.documents { try attributionsCSV.write(Array(CSVExport.attributionRows(document).utf8)) }
                }
                if graphOutput != nil {
                    graphArticles += batch.documents.map { .init(id: $0.id, title: $0.metadata.title, outlet: $0.metadata.outlet) }
                }
                if show == "sources" {
                    for document in batch.documents { print(SourcesTable(document).text) }
                }
                progress.update(done: batch.filesDone)
            }
            // A run over exactly the documents of the last one, all unchanged, finds exactly its
            // results: those are taken from the database instead of running the corpus stages
            // again (not for the HTML report and the exports, which need the records whole).
            let signature = semantic ? nil : ClaimTraceVersion.analysis
            let sameResults: Int64? =
                if let store, let signature, !reanalyze, reused == documentCount, html == nil, csv == nil, graphml == nil {
                    try store.runWithSameResults(signature: signature, documents: runDocuments)
                } else {
                    nil
                }
            if let store, let runId, let sameResults {
                progress.status("\(documentCount) documents unchanged since the last run · writing its results…")
                (claimCount, findingCount) = try store.corpusCounts(run: sameResults)
                try writer.finish(rejected: issues, sections: store.reportSections(run: sameResults, techniqueProfiles: corpus.techniqueProfiles))
                try store.finishRun(runId, documents: documentCount, rejected: issues.count, signature: signature, resultsOf: sameResults)
            } else {
                let results = corpus.finish { stage in
                    progress.status("\(documentCount) documents analysed · across the corpus: \(stage.activity)…")
                }
                Console.warnAboutTemporaryFiles()
                let writing = [json.map { _ in "the report" }, store.map { _ in "the database" }].compactMap { $0 }
                progress.status("writing \(writing.isEmpty ? "the exports" : writing.joined(separator: " and "))…")
                findingCount = results.findings.count
                claimCount = results.claimCount
                try writer.finish(rejected: issues, corpus: results)
                if let htmlOutput {
                    try htmlOutput.write(Array(HTMLReport(documents: kept, corpus: results.analysis, rejected: issues).render().utf8))
                    kept = []
                }
                if let csv {
                    // Each table is written row by row through a megabyte's buffer.
                    for (name, table) in [
                        ("claims", { try CSVExport.claims(results, write: $0) }), ("entities", { try CSVExport.entities(results, write: $0) }),
                        ("findings", { try CSVExport.findings(results, write: $0) }),
                    ] as [(String, ((String) throws -> Void) throws -> Void)] {
                        let file = try OutputFile(path: csv + "/\(name).csv")
                        try file.writeBuffered(table)
                        try file.commit()
                    }
                }
                // Line by line, as the tables are.
                try graphOutput?.writeBuffered { try GraphMLExport.graph(articles: graphArticles, corpus: results, write: $0) }
                if let store, let runId {
                    try store.saveCorpus(run: runId, corpus: results, claimJSON: JSONReport.json, findingJSON: JSONReport.json)
                    try store.saveCorpusEntities(run: runId, corpus: results, json: JSONReport.json(entity:members:))
                    // The database holds the whole run now: from here on the app shows it.
                    try store.finishRun(runId, documents: documentCount, rejected: issues.count, signature: signature)
                }
            }
            try output?.commit()
            try htmlOutput?.commit()
            try attributionsCSV?.commit()
            try graphOutput?.commit()
        } catch {
            progress.finish()
            output?.abandon()
            htmlOutput?.abandon()
            attributionsCSV?.abandon()
            graphOutput?.abandon()
            Console.error("\(error)")
            // Never marked finished: the app keeps showing the last run that finished.
            if let runId { try? store?.failRun(runId, documents: documentCount, rejected: issues.count, reason: "\(error)") }
            throw ExitCode(2)
        }
        progress.finish()

        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            let plural = documentCount == 1 ? "" : "s"
            var summary =
                reused == 0
                ? "analysed \(documentCount) document\(plural)" : "analysed \(documentCount - reused) of \(documentCount) document\(plural)"
            summary += " from \(collection.files.count) file\(collection.files.count == 1 ? "" : "s")"
            let size = bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, bytes / 1024)) KB"
            summary += " (\(size))" + String(format: " in %.2f s", seconds)
            if reused > 0 {
                summary += "; \(reused) unchanged since an earlier run (their stored analyses were used)"
            }
            if !issues.isEmpty { summary += "; \(issues.count) input\(issues.count == 1 ? "" : "s") skipped (see above)" }
            if !skippedRecords.isEmpty {
                let n = skippedRecords.total
                summary += "; \(n) web archive record\(n == 1 ? "" : "s") skipped (\(skippedRecords))"
            }
            if warnings > 0 { summary += "; \(warnings) warning\(warnings == 1 ? "" : "s")" }
            if claimCount > 0 { summary += "; \(claimCount) claim\(claimCount == 1 ? "" : "s") told more than once" }
            if findingCount > 0 { summary += "; \(findingCount) finding\(findingCount == 1 ? "" : "s") (inconsistencies)" }
            if collection.skippedUnknown > 0 {
                let n = collection.skippedUnknown
                summary += "; \(n) other file\(n == 1 ? "" : "s") in the folders ignored (README, LICENSE or not an article format)"
            }
            Console.error(summary)
            if let store {
                Console.error(
                    "database \(store.path): \(saved.inserted) new, \(saved.updated) updated, \(saved.unchanged) unchanged")
            }
            if let semanticIndex, semanticIndex.sentences > 0 {
                Console.error(
                    "sentence vectors: \(semanticIndex.sentences) sentences (\(semanticIndex.encoded) distinct) in "
                        + String(format: "%.1f s", semanticIndex.seconds) + "; search them with: claimtrace search --semantic")
            }
            if let json, json != "-" { Console.error("report \(json)") }
            if let html { Console.error("HTML report \(html)") }
            if let csv { Console.error("CSV tables in \(csv)/") }
            if let graphml { Console.error("provenance graph \(graphml)") }
        }
        if !issues.isEmpty { throw ExitCode(1) }
    }
}

/// Feeds the streaming JSON report batch by batch (nothing when no report was asked for).
struct StreamingReport {
    let output: OutputFile?
    private var stream = JSONReport.Stream()

    init(output: OutputFile?) { self.output = output }

    mutating func begin() throws { try output?.write(stream.header()) }

    mutating func add(_ batch: [AnalyzedDocument], jobs: Int) throws {
        guard let output else { return }
        try output.write(stream.documents(batch, jobs: jobs))
    }

    mutating func finish(rejected: [ReadIssue], corpus: some CorpusOutput) throws {
        guard let output else { return }
        try stream.footer(rejected: rejected, corpus: corpus) { try output.write($0) }
    }

    mutating func finish(rejected: [ReadIssue], sections: JSONReport.CorpusSections) throws {
        guard let output else { return }
        try stream.footer(rejected: rejected, sections: sections) { try output.write($0) }
    }
}

extension ClaimTraceStore {
    /// The report's corpus sections as run `run` stored them: each record's JSON as the report
    /// writes it (entities, claims and findings are stored so; copies are written again from
    /// their rows, exactly).
    func reportSections(run: Int64, techniqueProfiles: [String: [String: Int]]) -> JSONReport.CorpusSections {
        func stored(_ table: StoredRecords) -> JSONReport.CorpusSections.Records {
            { each in try forEachStoredRecord(run: run, table) { try each(Array($0.utf8)) } }
        }
        return JSONReport.CorpusSections(
            entities: stored(.entities), claims: stored(.claims),
            duplicates: { each in try forEachStoredDuplicate(run: run) { try each(Array(JSONReport.json($0).utf8)) } },
            findings: stored(.findings), techniqueProfiles: techniqueProfiles)
    }
}
