//! `paaslint platforms`: each platform profile, and every check with its
//! severity there, as text or JSON.

use crate::checks::on_platform;
use crate::finding::Severity;
use crate::profile::Profile;

/// The profile as `paaslint platforms --format json` prints it.
pub fn json(profile: &Profile) -> serde_json::Value {
    serde_json::json!({
        "platform": profile.platform.id(),
        "name": profile.platform.display_name(),
        "builder": profile.builder,
        "reads": profile.reads.iter().map(|(file, what)| serde_json::json!({"files": file, "for": what})).collect::<Vec<_>>(),
        "start_commands_from": profile.commands_from.iter().map(|o| serde_json::to_value(o).unwrap_or_default()).collect::<Vec<_>>(),
        "infers": profile.infers,
        "python_version_precedence": profile.python_precedence().iter().map(|k| k.describe()).collect::<Vec<_>>(),
        "default_port": profile.default_port(),
        "builds_dockerfile_when": profile.builds_dockerfile().iter().map(|r| r.describe()).collect::<Vec<_>>(),
        "runtime_markers": profile.runtime_markers,
        "wheel_index_date": crate::wheel_index::SNAPSHOT_DATE,
        "checks": on_platform(profile).iter().map(|(c, s)| serde_json::json!({"code": c.code, "name": c.name, "severity": s.as_str()})).collect::<Vec<_>>(),
        "facts_refreshed": profile.platform.facts().refreshed,
        "facts": profile.platform.facts().listing().into_iter().map(|(name, value, source, checked)| serde_json::json!({
            "fact": name, "value": value, "source": source, "checked": checked,
        })).collect::<Vec<_>>(),
    })
}

/// The profile as `paaslint platforms NAME` prints it.
pub fn human(profile: &Profile) -> String {
    let mut out = format!(
        "{} ({})\n  builder: {}\n\n  reads:\n",
        profile.platform.display_name(),
        profile.platform.id(),
        profile.builder
    );
    for (file, what) in profile.reads {
        out.push_str(&format!("    {file}: {what}\n"));
    }
    out.push_str("\n  infers:\n");
    for line in profile.infers {
        out.push_str(&format!("    {line}\n"));
    }
    let precedence: Vec<&str> = profile
        .python_precedence()
        .iter()
        .map(|k| k.describe())
        .collect();
    out.push_str(&format!(
        "\n  Python version from: {}\n",
        if precedence.is_empty() {
            "the builder image, no repository file".to_string()
        } else {
            precedence.join(", then ")
        }
    ));
    out.push_str(&format!(
        "  wheel index (PAAS122-PAAS124) snapshot: {}\n",
        crate::wheel_index::SNAPSHOT_DATE
    ));
    let docker: Vec<&str> = profile
        .builds_dockerfile()
        .iter()
        .map(|r| r.describe())
        .collect();
    out.push_str(&format!(
        "  builds the Dockerfile instead of its Python builder when: {}\n",
        if docker.is_empty() {
            "never".to_string()
        } else {
            docker.join(", or ")
        }
    ));
    if !profile.runtime_markers.is_empty() {
        out.push_str(&format!(
            "  sets at run time: {} (settings computed from these differ there)\n",
            profile.runtime_markers.join(", ")
        ));
    }
    let checks = on_platform(profile);
    for (label, severity) in [
        ("rejects (errors)", Severity::Error),
        ("warns", Severity::Warning),
    ] {
        let codes: Vec<&str> = checks
            .iter()
            .filter(|(_, s)| *s == severity)
            .map(|(c, _)| c.code)
            .collect();
        out.push_str(&format!("\n  {label}: {}\n", codes.join(" ")));
    }
    for (code, severity, why) in profile.severity {
        out.push_str(&format!(
            "    {code} is a {} here: {why}\n",
            severity.as_str()
        ));
    }
    let facts = profile.platform.facts();
    out.push_str(&format!(
        "\n  facts (platform-facts/{}.toml, version lists refreshed {}):\n",
        profile.platform.id(),
        facts.refreshed
    ));
    for (name, value, source, checked) in facts.listing() {
        out.push_str(&format!(
            "    {name}: {}\n      source: {source} (checked {checked})\n",
            fact_text(&value)
        ));
    }
    out
}

/// A fact's value in one line: strings bare, release lists as `3.12.0–3.12.14`.
fn fact_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                serde_json::Value::Object(o) if o.contains_key("latest") => format!(
                    "{}-{}",
                    o.get("first").and_then(|v| v.as_str()).unwrap_or(""),
                    o.get("latest").and_then(|v| v.as_str()).unwrap_or("")
                ),
                serde_json::Value::Object(o) if o.contains_key("builder") => format!(
                    "{} ({})",
                    o.get("builder").and_then(|v| v.as_str()).unwrap_or(""),
                    o.get("files")
                        .and_then(|v| v.as_array())
                        .map(|f| f
                            .iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(", "))
                        .unwrap_or_default()
                ),
                other => fact_text(other),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}
