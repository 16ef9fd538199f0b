use std::str::FromStr;

use uv_pep440::Version;

use super::dependency_facts::dependency_location;
use super::{check_doc, Check, Context};
use crate::deps::{Dependency, PinKind};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS111",
    name: "eol-framework-version",
    severity: Severity::Warning,
    summary: "Django or Flask pinned to a release series that no longer gets security fixes",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS111"),
    run,
};

/// (package, series, last day of security support, YYYY-MM-DD).
///
/// Django: the "Supported versions" table of
/// https://www.djangoproject.com/download/#supported-versions, as mirrored
/// by https://endoflife.date/api/django.json (checked 2026-11-25).
/// Flask: Pallets support only the latest feature release ("only the
/// latest release is supported, across all Pallets projects", pallets/flask
/// discussion #5358); a series ends the day the next one is released
/// (release dates from PyPI, https://pypi.org/project/Flask/#history).
/// Series newer than this table are treated as supported.
const SUPPORT_ENDS: &[(&str, &str, &str)] = &[
    ("django", "1.11", "2020-04-01"),
    ("django", "2.0", "2019-04-01"),
    ("django", "2.1", "2019-12-02"),
    ("django", "2.2", "2022-04-11"),
    ("django", "3.0", "2021-04-06"),
    ("django", "3.1", "2021-12-07"),
    ("django", "3.2", "2024-04-01"),
    ("django", "4.0", "2023-04-01"),
    ("django", "4.1", "2023-12-01"),
    ("django", "4.2", "2026-04-07"),
    ("django", "5.0", "2025-04-02"),
    ("django", "5.1", "2025-12-03"),
    ("django", "5.2", "2028-04-30"),
    ("django", "6.0", "2027-04-30"),
    ("flask", "0.12", "2018-04-26"),
    ("flask", "1.0", "2019-07-04"),
    ("flask", "1.1", "2021-05-11"),
    ("flask", "2.0", "2022-03-28"),
    ("flask", "2.1", "2022-08-02"),
    ("flask", "2.2", "2023-04-25"),
    ("flask", "2.3", "2023-09-30"),
    ("flask", "3.0", "2024-11-13"),
];

fn run(cx: &Context) -> Vec<Finding> {
    let today = today();
    let mut out = Vec::new();
    let deps = &cx.app.deps;
    // A `-c` constraints file often holds the pin of a bare runtime line.
    let constraints = deps
        .declared
        .iter()
        .filter(|d| d.constraint && deps.declares_runtime(&d.name));
    for dep in deps.runtime().chain(constraints) {
        let Some((series, how)) = pinned_series(dep) else {
            continue;
        };
        let Some((_, _, ended)) = SUPPORT_ENDS
            .iter()
            .find(|(p, s, _)| *p == dep.name && *s == series)
        else {
            continue;
        };
        if *ended > today.as_str() {
            continue;
        }
        let newer: Vec<&str> = SUPPORT_ENDS
            .iter()
            .filter(|(p, _, end)| *p == dep.name && *end > today.as_str())
            .map(|(_, s, _)| *s)
            .collect();
        let upgrade = match newer.as_slice() {
            [] => "the latest release".to_string(),
            list => format!("a supported series ({})", list.join(", ")),
        };
        out.push(
            CHECK
                .finding(
                    cx,
                    dependency_location(cx, dep),
                    format!(
                        "`{}` {series} is past its end of life (security support ended {ended}): known vulnerabilities in it will not be fixed",
                        dep.name
                    ),
                )
                .with_label(format!("{series} pinned ({how})"))
                .with_help(format!("upgrade to {upgrade}, following the release notes of each series in between"))
                .with_subject(dep.name.clone())
                .with_data("series", series.clone())
                .with_data("support_ended", *ended)
                .with_data("pin", how),
        );
    }
    out
}

/// The release series the declaration installs: the locked or `==` version,
/// or the highest series a bounded range allows. `None` when open-ended.
fn pinned_series(dep: &Dependency) -> Option<(String, &'static str)> {
    if let Some(version) = dep.locked.as_ref().and_then(|l| l.version.as_deref()) {
        return series_of(version).map(|s| (s, "lock"));
    }
    let specs = dep.specifiers.as_ref()?;
    match dep.pin {
        PinKind::Exact => specs
            .iter()
            .find(|s| {
                matches!(
                    s.operator(),
                    uv_pep440::Operator::Equal | uv_pep440::Operator::ExactEqual
                )
            })
            .and_then(|s| series_of(&s.version().to_string()))
            .map(|s| (s, "exact")),
        PinKind::Bounded => SUPPORT_ENDS
            .iter()
            .filter(|(p, _, _)| *p == dep.name)
            .filter(|(_, s, _)| {
                ["0", "999"].iter().any(|patch| {
                    Version::from_str(&format!("{s}.{patch}")).is_ok_and(|v| specs.contains(&v))
                })
            })
            .max_by_key(|(_, s, _)| Version::from_str(s).ok())
            .map(|(_, s, _)| (s.to_string(), "bounded")),
        _ => None,
    }
}

fn series_of(version: &str) -> Option<String> {
    let version = Version::from_str(version.trim()).ok()?;
    match &*version.release() {
        [major, minor, ..] => Some(format!("{major}.{minor}")),
        [major] => Some(format!("{major}.0")),
        [] => None,
    }
}

/// Today's date (UTC) as YYYY-MM-DD; `PAASLINT_TODAY` overrides it for tests.
fn today() -> String {
    if let Ok(date) = std::env::var("PAASLINT_TODAY") {
        return date;
    }
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_from_versions() {
        assert_eq!(series_of("4.2.11").as_deref(), Some("4.2"));
        assert_eq!(series_of("3").as_deref(), Some("3.0"));
        assert_eq!(series_of("x"), None);
    }

    #[test]
    fn today_is_a_date() {
        let t = today();
        assert_eq!(t.len(), 10, "{t}");
        assert!(t.as_str() > "2024-01-01");
    }
}
