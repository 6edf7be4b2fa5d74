/// Numbers distinct 64-bit keys 0, 1, 2, … in the order they are first met.
///
/// An open-addressing table (linear probing, a power-of-two number of slots, at most 70% full)
/// over the raw keys: no `Hashable` boxing, no per-key hasher state. For grouping and distinct
/// counting over many rows, where a `Dictionary` spends most of its time hashing and resizing.
/// The storage is released by `deallocate()`.
struct KeyNumbering {
    private var keys: UnsafeMutablePointer<UInt64>
    /// A key's number plus one; 0 marks an empty slot.
    private var numbers: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    private var shift: Int
    /// The keys numbered so far.
    private(set) var count = 0

    init() {
        capacity = 1 << 10
        shift = 64 - 10
        keys = .allocate(capacity: capacity)
        numbers = .allocate(capacity: capacity)
        numbers.initialize(repeating: 0, count: capacity)
    }

    func deallocate() {
        keys.deallocate()
        numbers.deallocate()
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        // Mixed so that keys differing only in low bits (consecutive codes) or only in high
        // bits (doubles' bit patterns) spread over the top bits the slot is taken from.
        Int(truncatingIfNeeded: ((key ^ (key >> 31)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// The key's number, and whether this call gave it.
    @inline(__always)
    mutating func number(_ key: UInt64) -> (number: Int, isNew: Bool) {
        let mask = capacity - 1
        var index = slot(key)
        while true {
            let stored = numbers[index]
            if stored == 0 { break }
            if keys[index] == key { return (Int(stored) - 1, false) }
            index = (index + 1) & mask
        }
        if (count + 1) * 10 > capacity * 7 {
            grow()
            index = emptySlot(key)
        }
        keys[index] = key
        count += 1
        numbers[index] = UInt32(truncatingIfNeeded: count)
        return (count - 1, true)
    }

    @inline(__always)
    private func emptySlot(_ key: UInt64) -> Int {
        let mask = capacity - 1
        var index = slot(key)
        while numbers[index] != 0 { index = (index + 1) & mask }
        return index
    }

    private mutating func grow() {
        let oldKeys = keys, oldNumbers = numbers, oldCapacity = capacity
        capacity <<= 1
        shift -= 1
        keys = .allocate(capacity: capacity)
        numbers = .allocate(capacity: capacity)
        numbers.initialize(repeating: 0, count: capacity)
        for old in 0..<oldCapacity where oldNumbers[old] != 0 {
            let index = emptySlot(oldKeys[old])
            keys[index] = oldKeys[old]
            numbers[index] = oldNumbers[old]
        }
        oldKeys.deallocate()
        oldNumbers.deallocate()
    }
}

/// `KeyNumbering` for keys below 2³² − 1: a slot holds the key plus one in its high half and
/// the number in its low half, so a lookup reads one word (one cache miss) rather than two.
struct NarrowKeyNumbering {
    /// `(key + 1) << 32 | number`; 0 marks an empty slot.
    private var slots: UnsafeMutablePointer<UInt64>
    private var capacity: Int
    private var shift: Int
    private(set) var count = 0

    static let keyLimit = UInt64(UInt32.max)

    init() {
        capacity = 1 << 10
        shift = 64 - 10
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
    }

    func deallocate() { slots.deallocate() }

    @inline(__always)
    private func slot(_ tag: UInt64) -> Int {
        Int(truncatingIfNeeded: (tag &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// The number of a key below `keyLimit`, and whether this call gave it.
    @inline(__always)
    mutating func number(_ key: UInt64) -> (number: Int, isNew: Bool) {
        let tag = key &+ 1
        let mask = capacity - 1
        var index = slot(tag)
        while true {
            let stored = slots[index]
            if stored == 0 { break }
            if stored >> 32 == tag { return (Int(stored & 0xFFFF_FFFF), false) }
            index = (index + 1) & mask
        }
        if (count + 1) * 10 > capacity * 7 {
            grow()
            index = emptySlot(tag)
        }
        slots[index] = tag << 32 | UInt64(count)
        count += 1
        return (count - 1, true)
    }

    @inline(__always)
    private func emptySlot(_ tag: UInt64) -> Int {
        let mask = capacity - 1
        var index = slot(tag)
        while slots[index] != 0 { index = (index + 1) & mask }
        return index
    }

    private mutating func grow() {
        let old = slots, oldCapacity = capacity
        capacity <<= 1
        shift -= 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        for index in 0..<oldCapacity where old[index] != 0 {
            slots[emptySlot(old[index] >> 32)] = old[index]
        }
        old.deallocate()
    }
}
