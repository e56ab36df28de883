//! What makes a dossier more than a blog: entities named across pages, dated events on a timeline,
//! and the source text whose paragraphs every page can cite. This module owns those concepts; the
//! content stage feeds them from front matter and bodies, and the render stage shows them.

pub(crate) mod entity;
pub(crate) mod provenance;
pub(crate) mod sources;
pub(crate) mod timeline;
