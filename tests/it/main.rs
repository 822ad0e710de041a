//! kbgen's integration tests: one binary, one module per area.

// Test helpers fail the test by panicking; that is their job.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod admonitions;
mod bounds;
mod build;
mod commonmark;
mod diagrams;
mod emoji;
mod errors;
mod fuzz;
mod hostile;
mod html_in_markdown;
mod html_shape;
mod incremental;
mod kb_real;
mod pymdown;
mod safety;
mod search;
mod see_also;
mod seo;
mod serve;
mod site_fuzz;
mod slugs;
mod snippets;
mod support;
mod theming;
mod toc;
mod upstream;
