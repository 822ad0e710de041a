//! kbgen: a static-site generator for question-and-answer knowledge bases.
//!
//! The pipeline runs one way, one type per stage:
//! [`config::Config`] → [`content::Site`] → [`render::RenderedSite`] →
//! checks → [`output::OutputTree`] → written atomically. See [`pipeline`].

pub mod bounded_read;
pub mod check;
pub mod cli;
pub mod colour;
pub mod config;
pub mod content;
pub mod crosslinks;
pub mod diagnostics;
pub mod escape;
pub mod last_build;
pub mod leftovers;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod search;
pub mod seo;
pub mod serve;
pub mod theme;
