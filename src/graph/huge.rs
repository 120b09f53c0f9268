//! Zero-filled tables in anonymous memory backed by transparent huge pages where the kernel
//! allows them, for arrays read at random (one TLB entry covers 2 MiB instead of 4 KiB).

use bytemuck::Pod;
use memmap2::MmapMut;
use std::marker::PhantomData;

/// A fixed-length slice of `T`, every byte zero at creation.
///
/// The memory is an anonymous mapping: the kernel hands out zeroed pages as they are first
/// touched, so creating a large table costs nothing up front, and on Linux it is advised to use
/// huge pages (`MADV_HUGEPAGE`; ignored where transparent huge pages are off).
#[derive(Debug)]
pub(crate) struct ZeroedTable<T: Pod> {
    map: Option<MmapMut>,
    len: usize,
    kind: PhantomData<T>,
}

impl<T: Pod> Default for ZeroedTable<T> {
    fn default() -> Self {
        ZeroedTable {
            map: None,
            len: 0,
            kind: PhantomData,
        }
    }
}

impl<T: Pod> ZeroedTable<T> {
    /// A table of `len` zeroed elements; `None` when the memory cannot be mapped.
    pub(crate) fn new(len: usize) -> Option<Self> {
        if len == 0 {
            return Some(Self::default());
        }
        let bytes = len.checked_mul(std::mem::size_of::<T>())?;
        let map = MmapMut::map_anon(bytes).ok()?;
        #[cfg(target_os = "linux")]
        {
            // Only a hint: without transparent huge pages the table works the same, slower.
            let _ = map.advise(memmap2::Advice::HugePage);
        }
        Some(ZeroedTable {
            map: Some(map),
            len,
            kind: PhantomData,
        })
    }

    /// Number of elements.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        self.map
            .as_deref()
            .map_or(&[], |bytes| bytemuck::cast_slice(bytes))
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        self.map
            .as_deref_mut()
            .map_or(&mut [], |bytes| bytemuck::cast_slice_mut(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_start_zeroed_and_keep_what_is_written() {
        let mut t = ZeroedTable::<u32>::new(1 << 20).unwrap();
        assert_eq!(t.len(), 1 << 20);
        assert!(t.as_slice().iter().all(|&x| x == 0));
        t.as_mut_slice()[12_345] = 7;
        assert_eq!(t.as_slice()[12_345], 7);
        let empty = ZeroedTable::<u64>::new(0).unwrap();
        assert!(empty.as_slice().is_empty());
    }
}
