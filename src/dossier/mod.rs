//! What makes a dossier more than a blog: dated events on a timeline, and the source text whose
//! paragraphs every page can cite. This module owns the dossier-specific data types; the content
//! stage fills them from front matter and the render stage shows them.

pub mod date;
pub mod timeline;
