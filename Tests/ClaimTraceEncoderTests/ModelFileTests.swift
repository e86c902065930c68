import Foundation
import Testing

@testable import ClaimTraceEncoder

/// Writes a safetensors file from (name, shape, values) triples, optionally with a doctored
/// header, and returns its path.
func writeSafetensors(
    _ tensors: [(String, [Int], [Float])], to path: String, header editing: ((inout [String: Any]) -> Void)? = nil,
    truncateBy: Int = 0
) throws {
    var header: [String: Any] = ["__metadata__": ["format": "pt"]]
    var data = Data()
    for (name, shape, values) in tensors {
        let start = data.count
        values.withUnsafeBufferPointer { data.append(Data(buffer: $0)) }
        header[name] = ["dtype": "F32", "shape": shape, "data_offsets": [start, data.count]]
    }
    editing?(&header)
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    while json.count % 8 != 0 { json.append(0x20) }
    var file = Data()
    var length = UInt64(json.count).littleEndian
    file.append(Data(bytes: &length, count: 8))
    file.append(json)
    file.append(data)
    if truncateBy > 0 { file.removeLast(truncateBy) }
    try file.write(to: URL(fileURLWithPath: path))
}

func temporaryFolder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ct-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

@Suite struct SafetensorsTests {
    @Test func readsTensorsAndChecksTheirShape() throws {
        let folder = try temporaryFolder("st")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.safetensors").path
        try writeSafetensors([("w", [2, 3], [1, 2, 3, 4, 5, 6]), ("b", [3], [7, 8, 9])], to: path)
        let file = try SafetensorsFile(path: path)
        #expect(Array(try file.floats("w", shape: [2, 3])) == [1, 2, 3, 4, 5, 6])
        #expect(Array(try file.floats("b", shape: [3])) == [7, 8, 9])
        let wrongShape = #expect(throws: ModelFileError.self) { try file.floats("w", shape: [3, 2]) }
        #expect(wrongShape?.tensor == "w")
        let missing = #expect(throws: ModelFileError.self) { try file.floats("q", shape: [1]) }
        #expect(missing?.description.contains("missing") == true)
    }

    @Test func aTruncatedFileNamesTheTensorThatNoLongerFits() throws {
        let folder = try temporaryFolder("st")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.safetensors").path
        try writeSafetensors([("first", [2], [1, 2]), ("last", [4], [1, 2, 3, 4])], to: path, truncateBy: 4)
        let error = #expect(throws: ModelFileError.self) { try SafetensorsFile(path: path) }
        #expect(error?.tensor == "last")
        #expect(error?.description.contains("truncated") == true)
    }

    @Test func corruptHeadersAreRefusedWithTheReason() throws {
        let folder = try temporaryFolder("st")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.safetensors").path
        // Shape and byte length disagree.
        try writeSafetensors([("w", [2, 2], [1, 2, 3, 4])], to: path) { $0["w"] = ["dtype": "F32", "shape": [3, 2], "data_offsets": [0, 16]] }
        #expect((#expect(throws: ModelFileError.self) { try SafetensorsFile(path: path) })?.tensor == "w")
        // Unknown dtype.
        try writeSafetensors([("w", [2], [1, 2])], to: path) { $0["w"] = ["dtype": "Q4", "shape": [2], "data_offsets": [0, 8]] }
        #expect((#expect(throws: ModelFileError.self) { try SafetensorsFile(path: path) })?.description.contains("dtype") == true)
        // Two tensors over the same bytes.
        try writeSafetensors([("a", [2], [1, 2]), ("b", [2], [3, 4])], to: path) { $0["b"] = ["dtype": "F32", "shape": [2], "data_offsets": [4, 12]] }
        #expect((#expect(throws: ModelFileError.self) { try SafetensorsFile(path: path) })?.description.contains("overlaps") == true)
        // A header length larger than the file, and a header that is not JSON.
        var bytes = Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0])
        bytes.append(Data("{}".utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect((#expect(throws: ModelFileError.self) { try SafetensorsFile(path: path) })?.description.contains("header length") == true)
        bytes = Data([4, 0, 0, 0, 0, 0, 0, 0])
        bytes.append(Data("{no}".utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect((#expect(throws: ModelFileError.self) { try SafetensorsFile(path: path) })?.description.contains("JSON") == true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelFileError.self) { try SafetensorsFile(path: path) }
    }
}
