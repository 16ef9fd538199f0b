//! The host names each platform serves an app on, and the variables that
//! hold them (data/platform-hosts.toml, with sources).

use crate::platform::Platform;

#[derive(Debug, serde::Deserialize)]
struct Data {
    platform: Vec<Entry>,
}

#[derive(Debug, serde::Deserialize)]
pub struct Entry {
    pub id: String,
    /// Django ALLOWED_HOSTS patterns (`.herokuapp.com` matches every subdomain).
    pub domains: Vec<String>,
    pub variables: Vec<String>,
}

fn data() -> &'static [Entry] {
    static DATA: std::sync::OnceLock<Vec<Entry>> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        toml::from_str::<Data>(include_str!("../data/platform-hosts.toml"))
            .map(|d| d.platform)
            .unwrap_or_default()
    })
}

/// The platform's default domains and variables; `None` where it has none.
pub fn of(platform: Platform) -> Option<&'static Entry> {
    data().iter().find(|e| e.id == platform.id())
}

/// Whether an ALLOWED_HOSTS entry lets requests to `domain` (`.onrender.com`) in.
/// Django: `.x.com` matches x.com and every subdomain; `*` matches all.
pub fn entry_serves(entry: &str, domain: &str) -> bool {
    let entry = entry.trim().to_ascii_lowercase();
    let bare = domain.trim_start_matches('.');
    entry == "*" || entry == domain || entry == bare || entry.ends_with(domain)
}

/// Entries that only ever match a developer's machine.
pub fn is_local(entry: &str) -> bool {
    let e = entry.trim().to_ascii_lowercase();
    matches!(
        e.as_str(),
        "" | "localhost" | "127.0.0.1" | "0.0.0.0" | "[::1]" | "::1" | ".localhost"
    ) || e.ends_with(".localhost")
        || e.ends_with(".local")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_platform_parses_and_matches_its_domain() {
        assert!(data().len() >= 7);
        let render = of(Platform::Render).expect("render");
        assert_eq!(render.variables, ["RENDER_EXTERNAL_HOSTNAME"]);
        assert!(entry_serves(".onrender.com", ".onrender.com"));
        assert!(entry_serves("myapp.onrender.com", ".onrender.com"));
        assert!(entry_serves("*", ".onrender.com"));
        assert!(!entry_serves("example.com", ".onrender.com"));
        assert!(of(Platform::Openshift).is_none());
        assert!(is_local("127.0.0.1") && !is_local("example.com"));
    }
}
