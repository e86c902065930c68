public import ClaimTrace
public import ClaimTraceStore
import ClaimTraceReport

/// Brings the corpus results (claims, copies, findings) up to date after uploads, without
/// analysing any stored document again: the upload hook `serve` uses.
public enum CorpusRefresh {
    /// After an upload is saved, runs the corpus stages again over the latest finished run's
    /// documents and every document stored since (the uploads), from their stored analyses, as a
    /// new run (see ``ClaimTraceStore/recomputeCorpus(_:inputs:analyze:claimJSON:findingJSON:)``).
    /// When more uploads wait in the queue, the last of them does it; an upload that changed
    /// nothing changes nothing.
    public static func hook(store: ClaimTraceStore, pipeline: Pipeline) -> UploadHook {
        { upload in
            guard upload.statuses.contains(where: { $0 != "unchanged" }) else { return }
            guard try !store.pendingUploads().contains(where: { $0.id != upload.upload && $0.status == .queued }) else { return }
            try store.recomputeCorpus(
                try store.corpusDocuments(), inputs: "after upload \(upload.upload) (\(upload.fileName))",
                analyze: { try pipeline.analyze($0, jobs: 1) }, claimJSON: JSONReport.json, findingJSON: JSONReport.json)
        }
    }
}
