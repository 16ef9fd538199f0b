//! Layer `base`: the names of the platforms paaslint knows.
//!
//! The platforms paaslint knows. Profiles (what each reads and rejects) grow
//! from here; checks name the platforms a problem affects.

use serde::Serialize;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Heroku,
    Render,
    Railway,
    Fly,
    Google,
    Digitalocean,
    Azure,
    Openshift,
    Dokku,
}

impl Platform {
    pub const ALL: [Platform; 9] = [
        Platform::Heroku,
        Platform::Render,
        Platform::Railway,
        Platform::Fly,
        Platform::Google,
        Platform::Digitalocean,
        Platform::Azure,
        Platform::Openshift,
        Platform::Dokku,
    ];

    /// The machine name used in JSON and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Platform::Heroku => "heroku",
            Platform::Render => "render",
            Platform::Railway => "railway",
            Platform::Fly => "fly",
            Platform::Google => "google",
            Platform::Digitalocean => "digitalocean",
            Platform::Azure => "azure",
            Platform::Openshift => "openshift",
            Platform::Dokku => "dokku",
        }
    }

    /// The name people write in prose.
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Heroku => "Heroku",
            Platform::Render => "Render",
            Platform::Railway => "Railway",
            Platform::Fly => "Fly.io",
            Platform::Google => "Google App Engine/Cloud Run",
            Platform::Digitalocean => "DigitalOcean App Platform",
            Platform::Azure => "Azure App Service",
            Platform::Openshift => "OpenShift",
            Platform::Dokku => "Dokku",
        }
    }
}

/// "Heroku, Dokku and Render" style list for messages.
pub fn describe(platforms: &[Platform]) -> String {
    if platforms.len() == Platform::ALL.len() {
        return "every platform".to_string();
    }
    let names: Vec<&str> = platforms.iter().map(|p| p.display_name()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}
