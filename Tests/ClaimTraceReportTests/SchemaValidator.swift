import Foundation

/// Validates JSON values against the subset of JSON Schema (2020-12) that
/// `schema/claimtrace-1.schema.json` uses: type, const, enum, required, properties, items,
/// allOf, anyOf, $ref to `#/$defs/...`, minimum and pattern.
struct SchemaValidator {
    let root: [String: Any]

    init(schemaAt url: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// Every violation, as `path: problem`.
    func validate(_ value: Any) -> [String] {
        var errors: [String] = []
        check(value, against: root, path: "$", errors: &errors)
        return errors
    }

    private func check(_ value: Any, against schema: [String: Any], path: String, errors: inout [String]) {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.dropFirst("#/$defs/".count))
            guard let defs = root["$defs"] as? [String: Any], let target = defs[name] as? [String: Any] else {
                errors.append("\(path): unresolvable $ref \(ref)")
                return
            }
            check(value, against: target, path: path, errors: &errors)
        }
        for sub in schema["allOf"] as? [[String: Any]] ?? [] { check(value, against: sub, path: path, errors: &errors) }
        if let options = schema["anyOf"] as? [[String: Any]] {
            let fits = options.contains { option in
                var trial: [String] = []
                check(value, against: option, path: path, errors: &trial)
                return trial.isEmpty
            }
            if !fits { errors.append("\(path): matches none of anyOf") }
        }
        if let constant = schema["const"], !equal(constant, value) { errors.append("\(path): expected \(constant)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { equal($0, value) }) {
            errors.append("\(path): \(value) not in enum")
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as! String]
            if !types.contains(where: { matches(value, type: $0) }) {
                errors.append("\(path): expected \(types.joined(separator: "|")), got \(value)")
                return
            }
        }
        if let minimum = schema["minimum"] as? Double, let number = value as? NSNumber, number.doubleValue < minimum {
            errors.append("\(path): \(number) below minimum \(minimum)")
        }
        if let pattern = schema["pattern"] as? String, let string = value as? String {
            let regex = try! NSRegularExpression(pattern: pattern)
            if regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil {
                errors.append("\(path): \"\(string)\" does not match \(pattern)")
            }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                errors.append("\(path): missing \(key)")
            }
            for (key, sub) in schema["properties"] as? [String: [String: Any]] ?? [:] {
                if let child = object[key] { check(child, against: sub, path: "\(path).\(key)", errors: &errors) }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, item) in array.enumerated() { check(item, against: items, path: "\(path)[\(i)]", errors: &errors) }
        }
    }

    private func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "string": return value is String
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "boolean": return isBoolean(value)
        case "integer":
            guard let n = value as? NSNumber, !isBoolean(value) else { return false }
            return n.doubleValue.rounded() == n.doubleValue
        case "number": return value is NSNumber
        default: return false
        }
    }

    /// JSONSerialization gives booleans as NSNumber; on Linux `0 is Bool` is true, so look at
    /// the number's stored type instead.
    private func isBoolean(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    private func equal(_ a: Any, _ b: Any) -> Bool {
        if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
        return false
    }
}
