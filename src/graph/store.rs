//! [`Store`]: the storage of the graph's big arrays, either an owned `Vec` (a graph built from
//! records) or a range of a memory-mapped graph cache (a graph loaded by `cache::load`).
//!
//! Both read as a plain `&[T]` through `Deref`, so algorithms never see the difference. A mapped
//! store is only created by `cache/` after checking that its range lies inside the mapping, is
//! aligned for `T` and holds a whole number of elements, and only on little-endian hosts (the
//! cache is little-endian; big-endian hosts read it into owned, byte-swapped arrays). Reading it
//! is then a safe `bytemuck` cast of the mapped bytes; the `unsafe` of creating the mapping lives
//! in `cache/mapped.rs` alone.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, Range};
use std::sync::Arc;

use bytemuck::Pod;
use memmap2::Mmap;

/// An immutable array of `T`: owned, or borrowed from a memory-mapped graph cache (sharing the
/// mapping through an `Arc`, so cloning a mapped store copies nothing).
pub struct Store<T>(Repr<T>);

enum Repr<T> {
    Owned(Vec<T>),
    Mapped {
        map: Arc<Mmap>,
        bytes: Range<usize>,
        _elem: PhantomData<T>,
    },
}

impl<T: Pod> Store<T> {
    /// The elements `bytes` of `map` as a store, or `None` when the range is outside the
    /// mapping, misaligned for `T`, not a whole number of elements, or the host is big-endian.
    pub(crate) fn mapped(map: Arc<Mmap>, bytes: Range<usize>) -> Option<Self> {
        if cfg!(target_endian = "big") {
            return None;
        }
        let slice = map.get(bytes.clone())?;
        bytemuck::try_cast_slice::<u8, T>(slice).ok()?;
        Some(Store(Repr::Mapped {
            map,
            bytes,
            _elem: PhantomData,
        }))
    }

    /// The elements as a slice (what `Deref` gives).
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        self
    }

    /// Whether the elements live in a memory-mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(self.0, Repr::Mapped { .. })
    }

    /// The elements as an owned `Vec` (a copy when mapped).
    pub fn into_vec(self) -> Vec<T> {
        match self.0 {
            Repr::Owned(v) => v,
            Repr::Mapped { .. } => self.to_vec(),
        }
    }
}

impl<T: Pod> Deref for Store<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match &self.0 {
            Repr::Owned(v) => v.as_slice(),
            // `mapped` checked range, alignment and size, so the cast cannot fail.
            Repr::Mapped { map, bytes, .. } => bytemuck::cast_slice(&map[bytes.clone()]),
        }
    }
}

impl<T> From<Vec<T>> for Store<T> {
    fn from(v: Vec<T>) -> Self {
        Store(Repr::Owned(v))
    }
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store(Repr::Owned(Vec::new()))
    }
}

impl<T: Clone> Clone for Store<T> {
    fn clone(&self) -> Self {
        Store(match &self.0 {
            Repr::Owned(v) => Repr::Owned(v.clone()),
            Repr::Mapped { map, bytes, .. } => Repr::Mapped {
                map: Arc::clone(map),
                bytes: bytes.clone(),
                _elem: PhantomData,
            },
        })
    }
}

impl<T: Pod + fmt::Debug> fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: Pod + PartialEq> PartialEq for Store<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Pod + PartialEq> PartialEq<Vec<T>> for Store<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        **self == other[..]
    }
}

impl<'a, T: Pod> IntoIterator for &'a Store<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
