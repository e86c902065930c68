#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import Foundation

/// A problem with a model file, naming the file and, where it applies, the tensor.
public struct ModelFileError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let tensor: String?
    public let problem: String

    public init(file: String, tensor: String? = nil, problem: String) {
        self.file = file
        self.tensor = tensor
        self.problem = problem
    }

    public var description: String {
        if let tensor { return "\(file): tensor \(tensor): \(problem)" }
        return "\(file): \(problem)"
    }
}

/// A safetensors file, memory-mapped read-only. The header is validated before any tensor is
/// handed out: every entry's dtype is known, its shape's element count times the dtype's size
/// equals its byte length, and its bytes lie inside the file's data section without overlapping
/// another tensor. Layout: an 8-byte little-endian header length, a JSON header, then the data.
public final class SafetensorsFile: @unchecked Sendable {
    public struct TensorInfo: Sendable, Equatable {
        public let name: String
        public let dtype: String
        public let shape: [Int]
        /// Byte range inside the data section.
        public let start: Int
        public let end: Int
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    private let base: UnsafeRawPointer
    private let mappedLength: Int
    private let dataStart: Int

    /// Bytes per element of the dtypes safetensors defines.
    static let dtypeSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1,
        "U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1,
    ]

    /// Largest header accepted (the format itself caps it at 100 MB).
    static let maximumHeaderLength = 100_000_000

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ModelFileError(file: path, problem: "cannot open (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw ModelFileError(file: path, problem: "cannot stat (\(String(cString: strerror(errno))))")
        }
        let length = Int(info.st_size)
        guard length >= 8 else {
            throw ModelFileError(file: path, problem: "too short to be a safetensors file (\(length) bytes)")
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw ModelFileError(file: path, problem: "cannot memory-map (\(String(cString: strerror(errno))))")
        }
        let pointer = UnsafeRawPointer(mapped)
        do {
            let headerLength = Int(UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self)))
            guard headerLength > 1, headerLength <= Self.maximumHeaderLength, headerLength <= length - 8 else {
                throw ModelFileError(
                    file: path, problem: "header length \(headerLength) does not fit a file of \(length) bytes")
            }
            let headerData = Data(bytes: pointer + 8, count: headerLength)
            let tensors = try Self.parseHeader(headerData, path: path, dataLength: length - 8 - headerLength)
            self.tensors = tensors
            self.dataStart = 8 + headerLength
        } catch {
            munmap(mapped, length)
            throw error
        }
        self.base = pointer
        self.mappedLength = length
    }

    deinit {
        for copy in copies { copy.deallocate() }
        munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
    }

    static func parseHeader(_ data: Data, path: String, dataLength: Int) throws -> [String: TensorInfo] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ModelFileError(file: path, problem: "header is not valid JSON")
        }
        guard let entries = object as? [String: Any] else {
            throw ModelFileError(file: path, problem: "header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in entries where name != "__metadata__" {
            guard let entry = value as? [String: Any],
                let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int],
                let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else {
                throw ModelFileError(file: path, tensor: name, problem: "entry lacks dtype, shape or data_offsets")
            }
            guard let size = dtypeSizes[dtype] else {
                throw ModelFileError(file: path, tensor: name, problem: "unknown dtype \(dtype)")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw ModelFileError(file: path, tensor: name, problem: "negative dimension in shape \(shape)")
            }
            let (count, overflow) = shape.reduce((1, false)) { partial, dimension in
                let product = partial.0.multipliedReportingOverflow(by: dimension)
                return (product.partialValue, partial.1 || product.overflow)
            }
            let start = offsets[0], end = offsets[1]
            guard !overflow, start >= 0, end >= start, end <= dataLength else {
                throw ModelFileError(
                    file: path, tensor: name,
                    problem: "bytes \(start)..<\(end) lie outside the data section of \(dataLength) bytes (truncated file?)")
            }
            guard count.multipliedReportingOverflow(by: size).partialValue == end - start else {
                throw ModelFileError(
                    file: path, tensor: name,
                    problem: "shape \(shape) of \(dtype) needs \(count * size) bytes, offsets give \(end - start)")
            }
            tensors[name] = TensorInfo(name: name, dtype: dtype, shape: shape, start: start, end: end)
        }
        // No two tensors may share bytes.
        let ordered = tensors.values.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.start < previous.end {
            throw ModelFileError(file: path, tensor: next.name, problem: "overlaps tensor \(previous.name)")
        }
        return tensors
    }

    /// The tensor's F32 values, checked against the expected shape. The buffer points into the
    /// mapping when it is aligned (it is in files written by the safetensors library) and is a
    /// copy otherwise; either way it lives as long as this file object.
    public func floats(_ name: String, shape expected: [Int]) throws -> UnsafeBufferPointer<Float> {
        guard let info = tensors[name] else {
            throw ModelFileError(file: path, tensor: name, problem: "missing")
        }
        guard info.dtype == "F32" else {
            throw ModelFileError(file: path, tensor: name, problem: "dtype is \(info.dtype), expected F32")
        }
        guard info.shape == expected else {
            throw ModelFileError(file: path, tensor: name, problem: "shape is \(info.shape), expected \(expected)")
        }
        let pointer = base + dataStart + info.start
        let count = (info.end - info.start) / 4
        if Int(bitPattern: pointer) % MemoryLayout<Float>.alignment == 0 {
            return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: Float.self), count: count)
        }
        let copy = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        UnsafeMutableRawBufferPointer(copy).copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: count * 4))
        copies.append(copy)
        return UnsafeBufferPointer(copy)
    }

    private var copies: [UnsafeMutableBufferPointer<Float>] = []
}
