/// Finding keys that appear twice in one object.
///
/// The parser keeps every member in document order and readers take the first, so a duplicate is never an error
/// there: server answers are recorded, not judged, and the hot path pays nothing. A profile is judged, and a
/// duplicate in it is ambiguous (which `path` did the author mean?), so profiles ask this question of the tree.
extension JSONValue {
    /// The location of the first member whose key repeats an earlier key of its object (depth first, in
    /// document order), and that key; nil when no object has a duplicate.
    public func firstDuplicateKey(at path: String = "$") -> (path: String, key: String)? {
        switch self {
        case .object(let members):
            var seen = Set<String>(minimumCapacity: members.count)
            for m in members {
                let here = JSONPath.member(path, m.key)
                guard seen.insert(m.key).inserted else { return (here, m.key) }
                if let found = m.value.firstDuplicateKey(at: here) { return found }
            }
            return nil
        case .array(let elements):
            for (i, e) in elements.enumerated() {
                if let found = e.firstDuplicateKey(at: JSONPath.element(path, i)) { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
