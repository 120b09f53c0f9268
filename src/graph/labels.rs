//! External account ids: interned once while reading, then relabelled into a stable order.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::fmt::Write;

use super::huge::ZeroedTable;
use super::NodeId;

/// Interns external ids (strings) into provisional dense ids in order of first appearance.
///
/// Ingest owns one `Interner` for all inputs; [`super::build`] then renumbers nodes into the stable
/// order of [`NodeLabels`], so that ids do not depend on the order of the input rows.
///
/// Canonical decimal integers (most research data, platform user ids) are looked up by value in
/// [`IntIds`], which avoids hashing and comparing strings: on a 2M-edge numeric edge list this
/// halved the interning time.
///
/// The names are kept in one text arena (8 bytes per id plus its bytes) until
/// [`Interner::into_names`], which drops the lookup maps before it allocates the returned strings.
#[derive(Debug, Default)]
pub struct Interner {
    ints: IntIds,
    map: FxHashMap<Box<str>, NodeId>,
    text: String,
    starts: Vec<u64>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The provisional id of `name`, allocating one if new. `None` when 2^32 - 1 ids are in use.
    #[inline]
    pub fn intern(&mut self, name: &str) -> Option<NodeId> {
        if let Some(value) = canonical_integer(name) {
            return self.intern_int(value);
        }
        if let Some(&id) = self.map.get(name) {
            return Some(id);
        }
        let id = self.next()?;
        self.map.insert(name.into(), id);
        self.push(name);
        Some(id)
    }

    /// [`Interner::intern`] of the canonical integer name with this value (its decimal digits).
    #[inline]
    pub(crate) fn intern_int(&mut self, value: u64) -> Option<NodeId> {
        if let Some(id) = self.ints.get(value) {
            return Some(id);
        }
        let id = self.next()?;
        self.ints.insert(value, id);
        self.starts.push(self.text.len() as u64);
        // The canonical form is exactly the decimal digits without leading zeros.
        let _ = write!(self.text, "{value}");
        Some(id)
    }

    /// The id the next new name gets; `None` when 2^32 - 1 ids are in use.
    fn next(&self) -> Option<NodeId> {
        NodeId::try_from(self.starts.len())
            .ok()
            .filter(|&id| id != NodeId::MAX)
    }

    fn push(&mut self, name: &str) {
        self.starts.push(self.text.len() as u64);
        self.text.push_str(name);
    }

    /// The provisional id of `name`, if interned.
    pub fn get(&self, name: &str) -> Option<NodeId> {
        match canonical_integer(name) {
            Some(value) => self.get_int(value),
            None => self.get_text(name),
        }
    }

    /// The provisional id of the integer name with this value, if interned.
    #[inline]
    pub(crate) fn get_int(&self, value: u64) -> Option<NodeId> {
        self.ints.get(value)
    }

    /// The provisional id of a name that is not a canonical integer, if interned.
    #[inline]
    pub(crate) fn get_text(&self, name: &str) -> Option<NodeId> {
        self.map.get(name).copied()
    }

    /// Number of distinct ids.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether no id was interned.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The names, indexed by provisional id.
    #[cfg(test)]
    pub(crate) fn names(&self) -> Vec<Box<str>> {
        (0..self.len()).map(|i| self.name(i).into()).collect()
    }

    fn name(&self, i: usize) -> &str {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        &self.text[start..end]
    }

    /// Consumes the interner: the names, indexed by provisional id.
    pub fn into_names(self) -> Vec<Box<str>> {
        let Interner {
            ints,
            map,
            text,
            starts,
        } = self;
        drop((ints, map));
        let rest = Interner {
            text,
            starts,
            ..Interner::default()
        };
        (0..rest.len()).map(|i| rest.name(i).into()).collect()
    }
}

/// Provisional ids of integer names, by value: a direct table for values below its length, a
/// hash map for the others.
///
/// Integer ids are usually dense (row numbers, platform ids of one crawl: twitter-2010's 41.7M
/// accounts use ids below 62M), and one read of a 4-byte slot is cheaper than a probe into a hash
/// map of 16-byte buckets that outgrows the caches (at 42.9M accounts, 172 MB against about
/// 1 GB). The table's length is a power of two, and it grows to cover a new value only while that
/// length stays within [`IntIds::SLOTS_PER_ID`] slots per interned id (so sparse ids, such as 64-bit snowflake ids,
/// stay in the map and cost no more memory than before); entries of the map that a growth
/// covers move into the table, so every value lives in exactly one of the two.
#[derive(Debug, Default)]
struct IntIds {
    /// The id plus one of each value below the length; 0 marks a free slot. In anonymous memory
    /// with huge pages: on a 100M-follow edge list the reads of this table were 87% of the
    /// parallel lookup's samples, nearly all TLB and cache misses.
    dense: ZeroedTable<NodeId>,
    sparse: FxHashMap<u64, NodeId>,
}

impl IntIds {
    /// The table's length is at most this many slots per interned id (or [`Self::MIN_SLOTS`]).
    const SLOTS_PER_ID: u64 = 4;
    /// The table may always grow to this many slots (256 KiB).
    const MIN_SLOTS: u64 = 1 << 16;

    #[inline]
    fn get(&self, value: u64) -> Option<NodeId> {
        let slot = usize::try_from(value)
            .ok()
            .and_then(|v| self.dense.as_slice().get(v));
        match slot {
            Some(&slot) => slot.checked_sub(1),
            None if self.sparse.is_empty() => None,
            None => self.sparse.get(&value).copied(),
        }
    }

    /// Records `value → id` for a value not yet present; `id` is the number of ids before it
    /// (so below `NodeId::MAX`, and `id + 1` fits).
    #[inline]
    fn insert(&mut self, value: u64, id: NodeId) {
        if let Some(slot) = usize::try_from(value)
            .ok()
            .and_then(|v| self.dense.as_mut_slice().get_mut(v))
        {
            *slot = id + 1;
            return;
        }
        let limit = (u64::from(id) + 1)
            .saturating_mul(Self::SLOTS_PER_ID)
            .max(Self::MIN_SLOTS);
        let grown = value
            .checked_add(1)
            .and_then(u64::checked_next_power_of_two)
            .map(|len| len.max(Self::MIN_SLOTS))
            .filter(|&len| len <= limit)
            .and_then(|len| usize::try_from(len).ok())
            .is_some_and(|len| self.grow(len));
        if grown {
            self.dense.as_mut_slice()[value as usize] = id + 1;
        } else {
            self.sparse.insert(value, id);
        }
    }

    /// Grows the table to `len` slots, moving the map's entries it now covers; false (and no
    /// change) when the memory cannot be had, and the map then takes the value.
    #[cold]
    fn grow(&mut self, len: usize) -> bool {
        let Some(mut table) = ZeroedTable::<NodeId>::new(len) else {
            return false;
        };
        let dense = table.as_mut_slice();
        dense[..self.dense.len()].copy_from_slice(self.dense.as_slice());
        self.sparse
            .retain(|&v, &mut id| match dense.get_mut(v as usize) {
                Some(slot) if v < len as u64 => {
                    *slot = id + 1;
                    false
                }
                _ => true,
            });
        self.sparse.shrink_to_fit();
        self.dense = table;
        true
    }
}

/// The external id of every node, indexed by [`NodeId`].
///
/// Order: ids that are canonical non-negative integers (`0`, `17`, not `007`) come first in
/// numeric order, then all other ids in byte order. The order depends only on the set of ids,
/// never on the order of input rows.
///
/// Stored as one text arena and a start offset per node (8 bytes per node plus the id's bytes,
/// instead of a separate heap string of at least 32 bytes per node): 41.7M Twitter ids take
/// 0.7 GB rather than 2 GB.
#[derive(Debug, Clone, Default)]
pub struct NodeLabels {
    text: String,
    starts: Vec<u64>,
}

impl NodeLabels {
    /// Sorts `names` into the stable order; returns the labels and, for each provisional id, its
    /// final [`NodeId`].
    ///
    /// Integer names are sorted as `(value, id)` pairs and written back as their digits, so when
    /// every name is an integer (the common case for research data) the heap strings are freed
    /// before the labels are built and nothing is read at random; other names are sorted by
    /// index, each heap string freed as soon as it is copied.
    pub fn from_interned(names: Vec<Box<str>>) -> (NodeLabels, Vec<NodeId>) {
        let keys: Vec<Option<u64>> = names.par_iter().map(|s| canonical_integer(s)).collect();
        let mut ints: Vec<(u64, NodeId)> = Vec::new();
        let mut texts: Vec<NodeId> = Vec::new();
        for (i, key) in keys.into_iter().enumerate() {
            match key {
                Some(value) => ints.push((value, i as NodeId)),
                None => texts.push(i as NodeId),
            }
        }
        ints.par_sort_unstable();
        texts.par_sort_unstable_by(|&a, &b| {
            names[a as usize]
                .as_bytes()
                .cmp(names[b as usize].as_bytes())
        });
        let mut new_id = vec![0; names.len()];
        let order = ints
            .iter()
            .map(|&(_, old)| old)
            .chain(texts.iter().copied());
        for (new, old) in order.enumerate() {
            new_id[old as usize] = new as NodeId;
        }
        let mut slots: Vec<Option<Box<str>>> = if texts.is_empty() {
            drop(names);
            Vec::new()
        } else {
            names.into_iter().map(Some).collect()
        };
        let digits: usize = ints.iter().map(|&(v, _)| decimal_len(v)).sum();
        let text_bytes: usize = texts
            .iter()
            .map(|&old| slots[old as usize].as_deref().map_or(0, str::len))
            .sum();
        let mut labels = NodeLabels {
            text: String::with_capacity(digits + text_bytes),
            starts: Vec::with_capacity(ints.len() + texts.len()),
        };
        for &(value, old) in &ints {
            labels.starts.push(labels.text.len() as u64);
            // The canonical form is exactly the decimal digits without leading zeros.
            let _ = write!(labels.text, "{value}");
            if let Some(slot) = slots.get_mut(old as usize) {
                *slot = None;
            }
        }
        for &old in &texts {
            let name = slots[old as usize].take().unwrap_or_default();
            labels.push(&name);
        }
        (labels, new_id)
    }

    /// Labels already in the stable order (as a graph cache stores them).
    pub(crate) fn from_sorted(names: Vec<Box<str>>) -> NodeLabels {
        let bytes = names.iter().map(|s| s.len()).sum();
        let mut labels = NodeLabels {
            text: String::with_capacity(bytes),
            starts: Vec::with_capacity(names.len()),
        };
        for name in names {
            labels.push(&name);
        }
        labels
    }

    fn push(&mut self, name: &str) {
        self.starts.push(self.text.len() as u64);
        self.text.push_str(name);
    }

    /// The external id of node `u`.
    #[inline]
    pub fn name(&self, u: NodeId) -> &str {
        let u = u as usize;
        let start = self.starts[u] as usize;
        let end = self
            .starts
            .get(u + 1)
            .map_or(self.text.len(), |&e| e as usize);
        &self.text[start..end]
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there is no node.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// All names, indexed by [`NodeId`].
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.len()).map(|u| self.name(u as NodeId))
    }

    /// The node named `name` (binary search in the stable order).
    pub fn find(&self, name: &str) -> Option<NodeId> {
        let key = canonical_integer(name);
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let probe = self.name(mid as NodeId);
            match compare_ids(canonical_integer(probe), probe, key, name) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(mid as NodeId),
            }
        }
        None
    }

    /// Resident bytes of the labels.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.starts.capacity() * 8
    }
}

/// Number of decimal digits of `v`.
fn decimal_len(v: u64) -> usize {
    v.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// `Some(value)` when `s` is a canonical decimal integer that fits in `u64`.
#[inline]
pub(crate) fn canonical_integer(s: &str) -> Option<u64> {
    let bytes = s.as_bytes();
    if bytes.is_empty() || bytes.len() > 20 || (bytes.len() > 1 && bytes[0] == b'0') {
        return None;
    }
    let mut value: u64 = 0;
    for &b in bytes {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(digit))?;
    }
    Some(value)
}

fn compare_ids(ka: Option<u64>, a: &str, kb: Option<u64>, b: &str) -> Ordering {
    match (ka, kb) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.as_bytes().cmp(b.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_pcg::Pcg64;

    #[test]
    fn stable_order_puts_integers_first_numerically() {
        let names: Vec<Box<str>> = ["b", "10", "2", "007", "a"]
            .iter()
            .map(|s| (*s).into())
            .collect();
        let (labels, new_id) = NodeLabels::from_interned(names);
        let got: Vec<&str> = labels.iter().collect();
        assert_eq!(got, ["2", "10", "007", "a", "b"]);
        assert_eq!(new_id, [4, 1, 0, 2, 3]);
        assert_eq!(labels.find("10"), Some(1));
        assert_eq!(labels.find("007"), Some(2));
        assert_eq!(labels.find("zz"), None);
    }

    #[test]
    fn integer_only_labels_are_written_back_as_their_digits() {
        let names = ["10", "18446744073709551615", "0", "9", "99", "100"];
        let (labels, new_id) = NodeLabels::from_interned(names.iter().map(|&s| s.into()).collect());
        let got: Vec<&str> = labels.iter().collect();
        assert_eq!(got, ["0", "9", "10", "99", "100", "18446744073709551615"]);
        assert_eq!(new_id, [2, 5, 0, 1, 3, 4]);
        assert_eq!(labels.find("99"), Some(3));
    }

    #[test]
    fn interner_separates_integers_from_text() {
        let mut ids = Interner::new();
        assert_eq!(ids.intern("12"), Some(0));
        assert_eq!(ids.intern("012"), Some(1), "not canonical: a different id");
        assert_eq!(ids.intern("x"), Some(2));
        assert_eq!(ids.intern("12"), Some(0));
        assert_eq!(ids.get("012"), Some(1));
        assert_eq!(ids.get("18446744073709551616"), None, "beyond u64 is text");
        assert_eq!(ids.intern("18446744073709551616"), Some(3));
        assert_eq!(ids.len(), 4);
    }

    #[test]
    fn integer_ids_move_from_the_map_to_the_table_as_it_grows() {
        // Values far apart first (they stay in the map), then dense ones that make the table
        // grow over some of them; every value keeps its id wherever it lives.
        let mut rng = Pcg64::seed_from_u64(7);
        let mut next = || rng.random::<u64>() >> 11;
        let mut ints = IntIds::default();
        let mut reference = std::collections::HashMap::new();
        let mut values = vec![u64::MAX, 1 << 40, 3 << 17, 5 << 18, 1 << 20];
        values.extend((0..300_000).map(|i| match i % 7 {
            0 => next(),
            1 => next() % (1 << 22),
            _ => next() % 400_000,
        }));
        for value in values {
            match reference.get(&value) {
                Some(&id) => assert_eq!(ints.get(value), Some(id), "{value}"),
                None => {
                    assert_eq!(ints.get(value), None, "{value}");
                    let id = reference.len() as NodeId;
                    ints.insert(value, id);
                    reference.insert(value, id);
                }
            }
        }
        assert!(
            ints.dense.len() >= 400_000,
            "the table covers the dense values"
        );
        assert!(ints.dense.len() as u64 <= 4 * reference.len() as u64);
        for (&value, &id) in &reference {
            assert_eq!(ints.get(value), Some(id), "{value}");
            let in_table = (value as usize) < ints.dense.len();
            assert_eq!(ints.sparse.contains_key(&value), !in_table, "{value}");
        }
        assert_eq!(ints.get(12_345_678_901), None);
    }
}
