//! paaslint: lint a Python web repository for platform-as-a-service readiness.
//!
//! Data flows one way: [`discover`] (one walk) → [`build`] (each file read
//! once by the [`reader`], parsed by [`parse`], analyzed into the [`model`]) →
//! [`checks`] (pure functions of the model) → [`report`]. The README's
//! Architecture section lists the layers; `tests/layers.rs` enforces them.

pub mod apps;
pub mod baseline;
pub mod build;
pub mod checks;
pub mod cli;
pub mod command;
pub mod config;
pub mod deps;
pub mod discover;
pub mod entry;
pub mod escape;
pub mod facts;
pub mod finding;
pub mod imports;
pub mod model;
pub mod parallel;
pub mod parse;
pub mod platform;
pub mod platform_hosts;
pub mod profile;
pub mod programs;
pub mod python_version;
pub mod reader;
pub mod report;
pub mod settings;
pub mod source;
pub mod suppress;
pub mod user_rules;
pub mod verdict;
pub mod wheel_index;
