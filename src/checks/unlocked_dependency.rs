use super::dependency_facts::dependency_location;
use super::{check_doc, Check, Context};
use crate::deps::ManifestKind;
use crate::finding::{Finding, Severity};
use crate::parse::lockfile::LockKind;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS119",
    name: "unlocked-dependency",
    severity: Severity::Error,
    summary:
        "A dependency declared in pyproject.toml or Pipfile is missing from the committed lock file",
    platforms: &[
        Platform::Heroku,
        Platform::Railway,
        Platform::Fly,
        Platform::Dokku,
    ],
    doc: check_doc!("PAAS119"),
    run,
};

/// What the locked install does with an out-of-date lock (catalogue A8, A9, A4).
fn consequence(kind: LockKind) -> &'static str {
    match kind {
        LockKind::Uv => "`uv sync --locked` (Heroku, Railway) stops because the lock file needs updating",
        LockKind::Poetry => "Poetry refuses to install from a lock that does not match pyproject.toml (Heroku runs `poetry sync --only main`)",
        LockKind::Pdm => "a frozen `pdm install` installs without it",
        LockKind::Pipenv => "`pipenv install --deploy` (OpenShift's s2i builder) stops because Pipfile.lock is out of date",
    }
}

fn relock_command(kind: LockKind) -> &'static str {
    match kind {
        LockKind::Uv => "uv lock",
        LockKind::Poetry => "poetry lock",
        LockKind::Pdm => "pdm lock",
        LockKind::Pipenv => "pipenv lock",
    }
}

fn run(cx: &Context) -> Vec<Finding> {
    let deps = &cx.app.deps;
    let own_name = deps.pyproject.as_ref().and_then(|p| p.name.clone());
    let mut out = Vec::new();
    for dep in &deps.declared {
        if dep.name.is_empty() || dep.locked.is_some() || Some(&dep.name) == own_name.as_ref() {
            continue;
        }
        let candidates: &[LockKind] = match dep.manifest {
            ManifestKind::Requirements => continue,
            ManifestKind::Pipfile => &[LockKind::Pipenv],
            ManifestKind::Poetry => &[LockKind::Poetry],
            ManifestKind::Pyproject | ManifestKind::DependencyGroups => {
                &[LockKind::Uv, LockKind::Poetry, LockKind::Pdm]
            }
        };
        let Some(lock) = deps
            .locks
            .iter()
            .find(|l| candidates.contains(&l.kind) && l.error.is_none() && !l.packages.is_empty())
        else {
            continue;
        };
        out.push(
            CHECK
                .finding(
                    cx,
                    dependency_location(cx, dep),
                    format!(
                        "`{}` is declared here but missing from `{}`: the lock is out of date, and {}",
                        dep.name, lock.path, consequence(lock.kind)
                    ),
                )
                .with_label("not in the lock file")
                .with_help(format!("run `{}` and commit the updated `{}`", relock_command(lock.kind), lock.path))
                .with_subject(dep.name.clone())
                .with_data("lock_file", lock.path.clone()),
        );
    }
    out
}
