//! Shared by PAAS507 and PAAS508: a patch version compared with the patches
//! each platform's builder publishes (platform-facts `python.releases`).

use super::Context;
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
