use super::django::with_settings;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::platform_hosts;
use crate::settings::value::Value;

pub static CHECK: Check = Check {
    code: "PAAS613",
    name: "allowed-hosts-exclude-platform",
    severity: Severity::Error,
    summary: "ALLOWED_HOSTS is a fixed list without the platform's domain (.herokuapp.com, .onrender.com…) while DEBUG is off: every request there gets 400",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS613"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    if s.when_unset("DEBUG").truthy() != Some(false) {
        return Vec::new();
    }
    let Some(binding) = s.get("ALLOWED_HOSTS") else {
        return Vec::new();
    };
    // A list read from the environment holds what the platform is given
    // (PAAS612 names the variable when it is required): not judged.
    if !binding.value.vars().is_empty() {
        return Vec::new();
    }
    let Value::List(items) = binding.value.when_unset() else {
        return Vec::new();
    };
    let hosts: Vec<String> = items
        .iter()
        .filter_map(|e| e.value.as_str().map(str::to_string))
        .collect();
    // Unknown entries, an empty list (PAAS603) or a wildcard: nothing to judge.
    if hosts.len() != items.len() || hosts.iter().all(|h| h.trim().is_empty()) {
        return Vec::new();
    }
    let mut blocked = Vec::new();
    let mut warned = Vec::new();
    for platform in Platform::ALL {
        let Some(entry) = platform_hosts::of(platform) else {
            continue;
        };
        let served = hosts.iter().any(|h| {
            entry
                .domains
                .iter()
                .any(|d| platform_hosts::entry_serves(h, d))
        });
        if served {
            continue;
        }
        // Another platform's domain or a local name never reaches this
        // platform; a domain of the app's own may be pointed at it.
        let own_domain = hosts.iter().any(|h| {
            !platform_hosts::is_local(h)
                && !Platform::ALL.iter().any(|p| {
                    platform_hosts::of(*p).is_some_and(|e| {
                        e.domains.iter().any(|d| platform_hosts::entry_serves(h, d))
                    })
                })
        });
        if own_domain {
            warned.push(platform);
        } else {
            blocked.push(platform);
        }
    }
    let mut out = Vec::new();
    let listed = hosts
        .iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    for (platforms, severity) in [(blocked, Severity::Error), (warned, Severity::Warning)] {
        if platforms.is_empty() {
            continue;
        }
        let domains: Vec<&str> = platforms
            .iter()
            .filter_map(|p| platform_hosts::of(*p))
            .flat_map(|e| e.domains.iter().map(String::as_str))
            .collect();
        let names: Vec<&str> = platforms.iter().map(|p| p.display_name()).collect();
        let why = if severity == Severity::Error {
            "every request there gets 400 Bad Request (DisallowedHost)"
        } else {
            "requests to the platform's own domain get 400 Bad Request; only a custom domain of yours pointed there would work"
        };
        let mut new_list: Vec<String> = hosts.iter().map(|h| format!("{h:?}")).collect();
        new_list.extend(domains.iter().map(|d| format!("{d:?}")));
        let f = CHECK
            .finding(
                cx,
                cx.settings_location(&binding.loc),
                format!(
                    "ALLOWED_HOSTS is [{listed}] with DEBUG off ({}): it lets in none of the hosts {} serves the app on ({}), so {why}",
                    s.describe(),
                    names.join(", "),
                    domains.join(", ")
                ),
            )
            .with_label("no platform domain here")
            .with_help(format!(
                "write `ALLOWED_HOSTS = [{}]` (a leading dot allows every subdomain)",
                new_list.join(", ")
            ))
            .with_subject("ALLOWED_HOSTS")
            .with_severity(severity)
            .with_platforms(&platforms)
            .with_data("hosts", hosts.clone())
            .with_data("missing_domains", domains.iter().map(|d| d.to_string()).collect::<Vec<_>>());
        out.push(with_settings(f, s));
    }
    out
}
