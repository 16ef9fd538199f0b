//! Layer `parsers`: one file's text into a syntax model with byte spans; no I/O.
//!
//! Parsers for the files the model reads. Each returns spans into its
//! [`crate::source::SourceFile`].

pub mod dependency;
pub mod dockerfile;
pub mod lockfile;
pub mod nltk;
pub mod platform_files;
pub mod procfile;
pub mod pyproject;
pub mod python;
pub mod requirements;
pub mod tree;
