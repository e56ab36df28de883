//! Pagination as Zola has it: a list of pages cut into pagers of `paginate_by`, the first at the
//! list's own URL, the others at `<paginate_path>/<n>/` below it (`/blog/page/2/`); `<paginate_path>/1/`
//! only sends readers to the list's URL. Sections ask for it in their front matter, taxonomies in
//! the site's configuration; this module only counts and names, the render stage fills the pagers.

/// How a list is paginated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging<'a> {
    /// Pages per pager, at least 1.
    pub(crate) by: usize,
    /// The URL segment before a pager's number (`page`); empty puts the number right below the list.
    pub(crate) path: &'a str,
    /// Whether the list is cut from its end (the oldest first in a section sorted newest first).
    pub(crate) reversed: bool,
}

impl<'a> Paging<'a> {
    /// The paging of `paginate_by` pages a pager; none for 0 or none (no pagination).
    pub(crate) fn new(by: Option<usize>, path: &'a str, reversed: bool) -> Option<Paging<'a>> {
        by.filter(|by| *by > 0).map(|by| Paging { by, path, reversed })
    }

    /// How many pagers a list of `count` pages has: always one at least, as in Zola.
    pub(crate) fn pagers(&self, count: usize) -> usize {
        count.div_ceil(self.by).max(1)
    }

    /// The site path of pager `n` (from 1) of the list at `base` (which ends with `/`).
    pub(crate) fn pager_path(&self, base: &str, n: usize) -> String {
        if n <= 1 { base.to_string() } else { self.numbered(base, n) }
    }

    /// Where pager `n` would be by its number, also for the first (which only redirects there).
    pub(crate) fn numbered(&self, base: &str, n: usize) -> String {
        if self.path.is_empty() { format!("{base}{n}/") } else { format!("{base}{}/{n}/", self.path) }
    }

    /// The pages of pager `n` (from 1) of `list`, in the order they are shown.
    pub(crate) fn pages<T: Copy>(&self, list: &[T], n: usize) -> Vec<T> {
        let skip = (n.max(1) - 1).saturating_mul(self.by);
        if self.reversed {
            list.iter().rev().skip(skip).take(self.by).copied().collect()
        } else {
            list.iter().skip(skip).take(self.by).copied().collect()
        }
    }
}

#[cfg(test)]
mod tests;
