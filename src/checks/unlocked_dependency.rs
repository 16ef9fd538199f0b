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
        LockKind::Pipenv => "`pipenv install --deploy` (Heroku, OpenShift's s2i builder) stops because Pipfile.lock is out of date",
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
            // A lock that locks nothing is out of date too (heroku-buildpack-python v351
            // spec/hatchet/{pipenv_spec.rb:593, poetry_spec.rb:340}: both fixtures lock nothing).
            .find(|l| candidates.contains(&l.kind) && l.error.is_none())
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
    if !out.iter().any(|f| {
        f.data
            .get("lock_file")
            .and_then(|v| v.as_str())
            .is_some_and(|p| p.ends_with("Pipfile.lock"))
    }) {
        out.extend(pipfile_hash_mismatch(cx));
    }
    out
}

/// `pipenv install --deploy` (Heroku, OpenShift) compares Pipfile.lock's `_meta.hash` with the
/// Pipfile's hash and aborts on any difference ("Your Pipfile.lock (…) is out of date"):
/// pipenv 2026.7.1 pipenv/routines/install.py, the hash in [`crate::parse::pyproject::pipfile_hash`].
fn pipfile_hash_mismatch(cx: &Context) -> Option<Finding> {
    let pipfile = cx.app.deps.pipfile.as_ref()?;
    let expected = pipfile.deploy_hash.as_deref()?;
    let lock = cx
        .app
        .deps
        .locks
        .iter()
        .find(|l| l.kind == LockKind::Pipenv && l.error.is_none())?;
    let recorded = lock.pipfile_hash.as_deref()?;
    if recorded == expected {
        return None;
    }
    let file = cx.project.file(&lock.path)?;
    let span = file
        .text
        .find(recorded)
        .map_or(crate::source::Span::new(0, 0), |at| {
            crate::source::Span::new(at, at + recorded.len())
        });
    Some(
        CHECK
            .finding(
                cx,
                crate::finding::Location::in_file(file, span),
                format!(
                    "`{}` was locked from a different `{}`: its `_meta.hash` is not the Pipfile's hash, so {}",
                    lock.path, pipfile.path, consequence(LockKind::Pipenv)
                ),
            )
            .with_label("hash of an older Pipfile")
            .with_help(format!("run `pipenv lock` and commit the updated `{}`", lock.path))
            .with_subject(lock.path.clone())
            .with_data("lock_file", lock.path.clone())
            .with_data("expected_hash", expected.to_string()),
    )
}
