//! Shared by PAAS507 and PAAS508: a patch version compared with the patches
//! each platform's builder publishes (platform-facts `python.releases`).

use super::entry_facts::in_file;
use super::{Check, Context};
use crate::finding::Finding;
use crate::platform::Platform;
use crate::profile::{target_python, PythonOrigin};
use crate::python_version::{PyVersion, VersionSource};

/// Where the named patch stands on one platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchStatus {
    /// Not published: newer than the newest, or older than the first built.
    Unavailable { newest: PyVersion },
    /// Published, but a newer patch of the same minor is.
    Outdated { newest: PyVersion },
}

/// For each platform that installs from a version file naming `X.Y.Z`, the
/// file and the patch's status there.
pub fn patch_statuses<'a>(
    cx: &'a Context,
    platforms: &[Platform],
) -> Vec<(Platform, &'a VersionSource, PatchStatus)> {
    let mut out = Vec::new();
    for &platform in platforms {
        let target = target_python(cx.app, platform);
        let PythonOrigin::File { kind, .. } = target.source else {
            continue;
        };
        let Some(source) = cx.app.python.get(kind) else {
            continue;
        };
        let Some(requested) = source.version else {
            continue;
        };
        let Some(patch) = requested.patch else {
            continue;
        };
        let Some((first, newest)) = platform.facts().release(requested.major, requested.minor)
        else {
            continue;
        };
        let (first_patch, newest_patch) = (first.patch.unwrap_or(0), newest.patch.unwrap_or(0));
        let status = if patch > newest_patch || patch < first_patch {
            PatchStatus::Unavailable { newest }
        } else if patch < newest_patch {
            PatchStatus::Outdated { newest }
        } else {
            continue;
        };
        out.push((platform, source, status));
    }
    out
}

/// "Heroku (newest 3.12: 3.12.14), DigitalOcean (newest 3.12: 3.12.12)".
pub fn newest_by_platform(rows: &[(Platform, PyVersion)]) -> String {
    rows.iter()
        .map(|(p, newest)| {
            format!(
                "{} (newest {}: {newest})",
                p.display_name(),
                newest.minor_string()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One finding for the platforms where the named patch is unpublished (`unavailable`) or old,
/// worded for it: PAAS507 for an unpublished patch, PAAS508 for an old one.
pub fn patch_finding(cx: &Context, check: &'static Check, unavailable: bool) -> Vec<Finding> {
    let rows: Vec<_> = patch_statuses(cx, check.platforms)
        .into_iter()
        .filter_map(|(p, source, status)| match status {
            PatchStatus::Unavailable { newest } if unavailable => Some((p, source, newest)),
            PatchStatus::Outdated { newest } if !unavailable => Some((p, source, newest)),
            _ => None,
        })
        .collect();
    let Some((first_platform, source, _)) = rows.first() else {
        return Vec::new();
    };
    let platforms: Vec<Platform> = rows.iter().map(|(p, _, _)| *p).collect();
    let newest: Vec<_> = rows.iter().map(|(p, _, n)| (*p, *n)).collect();
    let requested = source.version.map(|v| v.to_string()).unwrap_or_default();
    let words = first_platform
        .facts()
        .python
        .messages
        .as_ref()
        .map(|m| {
            if unavailable {
                m.value.unavailable.clone()
            } else {
                m.value.outdated.clone()
            }
        })
        .unwrap_or_default();
    let minor = source.version.map(|v| v.minor_string()).unwrap_or_default();
    let on = newest_by_platform(&newest);
    let (message, label, help) = if unavailable {
        (
            format!(
                "Python {requested} is not published for {on}: the build stops with \"{words}\""
            ),
            format!("Python {requested} does not exist there"),
            format!(
                "name the minor version only (`{minor}`), so the builder installs its newest patch"
            ),
        )
    } else {
        (
            format!("Python {requested} has newer security patches on {on}: the build warns \"{words}\""),
            format!("Python {requested} is not the newest {minor}"),
            format!("name the minor version only (`{minor}`), so every build gets the newest patch"),
        )
    };
    vec![check
        .finding(cx, in_file(cx, &source.path, source.span), message)
        .with_label(label)
        .with_help(help)
        .with_platforms(&platforms)
        .with_subject(source.kind.describe())
        .with_data("requested", requested)]
}
