/// A first-in first-out queue with O(1) amortised `append` and `popFirst` (an array and a head index),
/// since `Array.removeFirst` would make draining a long queue quadratic.
struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    /// Whether nothing is queued.
    var isEmpty: Bool { head == items.count }
    /// How many elements are queued.
    var count: Int { items.count - head }
    /// The oldest element, or nil.
    var first: Element? { isEmpty ? nil : items[head] }

    /// Adds `element` at the back.
    mutating func append(_ element: Element) { items.append(element) }

    /// Removes and returns the oldest element, or nil when empty.
    mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let element = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            // Compact once the dead prefix is half the storage: each element is moved O(1) times on average.
            items.removeFirst(head)
            head = 0
        }
        return element
    }
}
