//! paaslint: lint a Python web repository for platform-as-a-service readiness.
//!
//! Data flows one way: [`discover`] (one walk) → [`model`] (each file read and
//! parsed once) → [`checks`] (pure functions of the model) → [`report`].

pub mod apps;
pub mod baseline;
pub mod checks;
pub mod cli;
pub mod command;
pub mod config;
pub mod deps;
pub mod discover;
pub mod entry;
pub mod finding;
pub mod imports;
pub mod model;
pub mod parallel;
pub mod parse;
pub mod platform;
pub mod platform_hosts;
pub mod profile;
pub mod python_version;
pub mod report;
pub mod settings;
pub mod source;
pub mod suppress;
pub mod user_rules;
pub mod verdict;
