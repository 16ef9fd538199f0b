use std::collections::BTreeMap;

use super::dependency_facts::dependency_location;
use super::{check_doc, Check, Context};
use crate::deps::{Dependency, ManifestKind};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS115",
    name: "duplicate-requirement",
    severity: Severity::Warning,
    summary: "The same package is required twice across requirements.txt and the files it includes",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS115"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    // Per install (requirements.txt's chain, each dev file's chain), lines by name.
    let mut seen: BTreeMap<(&str, &str), &Dependency> = BTreeMap::new();
    // Both sides of a merge conflict are PAAS902's finding, not duplicates.
    let conflicted: Vec<&str> = cx
        .app
        .deps
        .requirement_files
        .iter()
        .filter(|r| r.file.has_conflict_markers)
        .map(|r| r.file.path.as_str())
        .collect();
    let mut out = Vec::new();
    for dep in &cx.app.deps.declared {
        if dep.manifest != ManifestKind::Requirements
            || dep.constraint
            || dep.name.is_empty()
            || conflicted.contains(&dep.file.as_str())
        {
            continue;
        }
        let key = (cx.app.deps.install_root(&dep.file), dep.name.as_str());
        let Some(first) = seen.get(&key).copied() else {
            seen.insert(key, dep);
            continue;
        };
        // `pkg==1; python_version<"3.10"` and `pkg==2; python_version>="3.10"` are one choice.
        let markers = |d: &Dependency| d.text.split_once(';').map(|(_, m)| m.trim().to_string());
        if markers(first).is_some() && markers(dep).is_some() && markers(first) != markers(dep) {
            continue;
        }
        let same = first.specifiers == dep.specifiers && first.location == dep.location;
        // `~=1.3.1` and `==1.3.1` both allow 1.3.1: pip installs it, the lines only drift.
        let overlap = !same
            && first.location == dep.location
            && can_both_hold(first.specifiers.as_ref(), dep.specifiers.as_ref());
        // `pkg[s3]==1` and `pkg[gcs]==1` ask for different extras: both lines count.
        if same && first.extras != dep.extras {
            continue;
        }
        let (message, severity) = if overlap {
            (
                format!("`{}` is required twice with different specifiers (`{}` here, `{}` in `{}`): a version satisfies both, so pip installs it, but the two lines will drift apart at the next upgrade", dep.name, dep.text, first.text, first.file),
                Severity::Warning,
            )
        } else if same {
            (
                format!("`{}` is required again (also in `{}`): the second line has no effect and drifts from the first at the next upgrade", dep.name, first.file),
                Severity::Warning,
            )
        } else {
            (
                format!(
                    "`{}` is required twice with different versions (`{}` here, `{}` in `{}`): pip either stops with ResolutionImpossible or installs a version neither line names alone",
                    dep.name, dep.text, first.text, first.file
                ),
                Severity::Error,
            )
        };
        let mut finding = CHECK
            .finding(cx, dependency_location(cx, dep), message)
            .with_label("required again")
            .with_related(dependency_location(cx, first), "first required here")
            .with_help("keep one line for it, in the file every install includes (base.txt), and delete the other")
            .with_subject(dep.name.clone())
            .with_data("conflicting", !same && !overlap);
        finding.severity = severity;
        out.push(finding);
    }
    out
}

/// Whether some version satisfies both sets of specifiers. The versions tried
/// are each specifier's own version and its neighbours (one more release
/// component, the next and previous release), which is where two ranges meet.
fn can_both_hold(
    a: Option<&uv_pep440::VersionSpecifiers>,
    b: Option<&uv_pep440::VersionSpecifiers>,
) -> bool {
    use uv_pep440::Version;
    let (Some(a), Some(b)) = (a, b) else {
        // One line allows every version.
        return true;
    };
    let mut candidates: Vec<Version> = Vec::new();
    for spec in a.iter().chain(b.iter()) {
        let version = spec.version();
        let release: Vec<u64> = version.release().iter().copied().collect();
        candidates.push(version.clone());
        if release.is_empty() {
            continue;
        }
        let mut longer = release.clone();
        longer.push(1);
        candidates.push(Version::new(&longer));
        longer.pop();
        longer.extend([0, 1]);
        candidates.push(Version::new(&longer));
        let mut next = release.clone();
        if let Some(last) = next.last_mut() {
            *last = last.saturating_add(1);
        }
        candidates.push(Version::new(&next));
        let mut previous = release.clone();
        if let Some(last) = previous.last_mut().filter(|l| **l > 0) {
            *last -= 1;
            candidates.push(Version::new(&previous));
        }
    }
    candidates.iter().any(|v| a.contains(v) && b.contains(v))
}

#[cfg(test)]
mod tests {
    use super::can_both_hold;
    use std::str::FromStr;
    use uv_pep440::VersionSpecifiers;

    fn both(a: &str, b: &str) -> bool {
        let a = VersionSpecifiers::from_str(a).expect("a");
        let b = VersionSpecifiers::from_str(b).expect("b");
        can_both_hold(Some(&a), Some(&b))
    }

    #[test]
    fn overlapping_and_disjoint_specifiers() {
        assert!(both("~=1.3.1", "==1.3.1"));
        assert!(both(">=2.0", "<2.1"));
        assert!(both(">1.0", "<1.1"));
        assert!(both("==1.3.*", ">=1.3.2"));
        assert!(!both("==1.3.1", "==1.3.2"));
        assert!(!both(">=3", "<2"));
        assert!(!both("~=1.3.1", "==1.4.0"));
        assert!(can_both_hold(
            None,
            Some(&VersionSpecifiers::from_str("==1").expect("spec"))
        ));
    }
}
