//! Layer `profiles`: package facts as data.
//!
//! Facts about the programs a start command can run: the console scripts
//! that packages install, the shell's builtins, what every platform image
//! has, and the worker classes gunicorn can load.

/// `program<TAB>package<TAB>version` lines, generated from each wheel's
/// `entry_points.txt` by `tools/console_scripts.py` (see the file's header).
const CONSOLE_SCRIPTS: &str = include_str!("../data/console_scripts.tsv");

/// The packages (PEP 503-normalized) that install `program` on PATH.
pub fn packages_providing(program: &str) -> Vec<&'static str> {
    console_scripts()
        .filter(|(p, _)| *p == program)
        .map(|(_, package)| package)
        .collect()
}

/// Every program the table knows, with the package installing it.
pub fn console_scripts() -> impl Iterator<Item = (&'static str, &'static str)> {
    CONSOLE_SCRIPTS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut fields = l.split('\t');
            Some((fields.next()?, fields.next()?))
        })
}

/// Builtins of POSIX sh (the special and regular built-in utilities of
/// POSIX.1-2017, XCU 2.14 and 1.6) and the bash ones start scripts use.
pub const SHELL_BUILTINS: &[&str] = &[
    ".", ":", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set",
    "shift", "times", "trap", "unset", "alias", "bg", "cd", "command", "false", "fg", "getopts",
    "hash", "jobs", "kill", "read", "true", "type", "ulimit", "umask", "unalias", "wait", "echo",
    "printf", "test", "[", "source", "ulimit", "declare", "local",
];

/// Programs every platform's Python image has: the interpreter and pip its
/// builder installs, and the shell and core utilities of the Debian/Ubuntu
/// base every listed platform runs on.
pub const IMAGE_PROGRAMS: &[&str] = &[
    "python", "python3", "pip", "pip3", "sh", "bash", "dash", "env", "sleep", "cat", "ls", "mkdir",
    "cp", "mv", "rm", "ln", "chmod", "touch", "nohup", "timeout", "sed", "grep", "tee", "xargs",
    "date", "find", "tail", "head",
];

/// Whether `name` is `python`, `python3` or `python3.N`.
pub fn is_python(name: &str) -> bool {
    name == "python"
        || name == "python3"
        || name
            .strip_prefix("python3.")
            .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
}

/// gunicorn's short worker names (`SUPPORTED_WORKERS` in
/// gunicorn/workers/__init__.py), read from the wheels of 20.1.0, 21.2.0,
/// 22.0.0, 23.0.0, 24.1.1, 25.0.0, 26.0.0 and 27.0.1 on 2026-12-02: the same
/// up to 23; `asgi` added by 24.1.1; `eventlet` gone from 26.0.0. Each with
/// the class it loads and the package its module imports.
pub const GUNICORN_WORKERS: &[(&str, &str, Option<&str>)] = &[
    ("sync", "gunicorn.workers.sync.SyncWorker", None),
    (
        "eventlet",
        "gunicorn.workers.geventlet.EventletWorker",
        Some("eventlet"),
    ),
    (
        "gevent",
        "gunicorn.workers.ggevent.GeventWorker",
        Some("gevent"),
    ),
    (
        "gevent_wsgi",
        "gunicorn.workers.ggevent.GeventPyWSGIWorker",
        Some("gevent"),
    ),
    (
        "gevent_pywsgi",
        "gunicorn.workers.ggevent.GeventPyWSGIWorker",
        Some("gevent"),
    ),
    (
        "tornado",
        "gunicorn.workers.gtornado.TornadoWorker",
        Some("tornado"),
    ),
    ("gthread", "gunicorn.workers.gthread.ThreadWorker", None),
    ("asgi", "gunicorn.workers.gasgi.ASGIWorker", None),
];

/// Worker classes in the packages people load with `-k module.Class`, each
/// read from the package's source: its top-level module, the package that
/// installs it, and the classes it defines.
/// - gunicorn: the `gunicorn/workers/*.py` of the wheels above.
/// - uvicorn 0.29.0 to 0.55.0 `uvicorn/workers.py`; uvicorn-worker 0.4.0
///   `uvicorn_worker/__init__.py` `__all__` (read 2026-12-02).
pub const WORKER_MODULES: &[(&str, &str, &[&str])] = &[
    ("gunicorn.workers.sync", "gunicorn", &["SyncWorker"]),
    (
        "gunicorn.workers.geventlet",
        "gunicorn",
        &["EventletWorker"],
    ),
    (
        "gunicorn.workers.ggevent",
        "gunicorn",
        &["GeventWorker", "GeventPyWSGIWorker"],
    ),
    ("gunicorn.workers.gtornado", "gunicorn", &["TornadoWorker"]),
    ("gunicorn.workers.gthread", "gunicorn", &["ThreadWorker"]),
    ("gunicorn.workers.gasgi", "gunicorn", &["ASGIWorker"]),
    (
        "uvicorn.workers",
        "uvicorn",
        &["UvicornWorker", "UvicornH11Worker"],
    ),
    (
        "uvicorn_worker",
        "uvicorn-worker",
        &["UvicornWorker", "UvicornH11Worker"],
    ),
];

/// What a gunicorn `-k` value names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerClass {
    /// A short name gunicorn knows; the package it needs besides gunicorn.
    Builtin { needs: Option<&'static str> },
    /// A class in a module paaslint knows, installed by `package`.
    Known { package: &'static str },
    /// A short name gunicorn does not know; the nearest one.
    UnknownShortName { suggestion: Option<&'static str> },
    /// A module paaslint knows without that class; the nearest class.
    UnknownClass {
        package: &'static str,
        suggestion: Option<String>,
    },
    /// A dotted path in a module paaslint has no facts about.
    Other { top_module: String },
}

/// Reads a gunicorn worker-class value the way `gunicorn.util.load_class` does.
pub fn worker_class(value: &str) -> WorkerClass {
    let value = value.trim();
    if let Some(entry) = value.strip_prefix("egg:") {
        return WorkerClass::Other {
            top_module: entry.split('#').next().unwrap_or("").to_string(),
        };
    }
    let Some((module, class)) = value.rsplit_once('.') else {
        let name = value.trim_start_matches('#');
        if let Some((_, _, needs)) = GUNICORN_WORKERS.iter().find(|(n, _, _)| *n == name) {
            return WorkerClass::Builtin { needs: *needs };
        }
        return WorkerClass::UnknownShortName {
            suggestion: nearest(name, GUNICORN_WORKERS.iter().map(|(n, _, _)| *n)),
        };
    };
    if let Some((_, package, classes)) = WORKER_MODULES.iter().find(|(m, _, _)| *m == module) {
        if classes.contains(&class) {
            return WorkerClass::Known { package };
        }
        return WorkerClass::UnknownClass {
            package,
            suggestion: nearest(class, classes.iter().copied()).map(|c| format!("{module}.{c}")),
        };
    }
    // A misspelt module of a known package (`uvicorn.worker.UvicornWorker`).
    let top = module.split('.').next().unwrap_or(module);
    let same_top: Vec<String> = WORKER_MODULES
        .iter()
        .filter(|(m, _, _)| m.split('.').next() == Some(top))
        .flat_map(|(m, _, classes)| classes.iter().map(move |c| format!("{m}.{c}")))
        .collect();
    if let Some((_, package, _)) = WORKER_MODULES
        .iter()
        .find(|(m, _, _)| m.split('.').next() == Some(top))
    {
        return WorkerClass::UnknownClass {
            package,
            suggestion: nearest_owned(value, &same_top),
        };
    }
    WorkerClass::Other {
        top_module: top.to_string(),
    }
}

/// The closest name within a small edit distance (typos, transpositions).
pub fn nearest<'a>(word: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    names
        .filter(|n| *n != word)
        .map(|n| (strsim::damerau_levenshtein(word, n), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, n)| (*d, n.len()))
        .map(|(_, n)| n)
}

fn nearest_owned(word: &str, names: &[String]) -> Option<String> {
    names
        .iter()
        .map(|n| (strsim::damerau_levenshtein(word, n), n))
        .filter(|(d, _)| *d <= 4)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_scripts_come_from_the_table() {
        assert_eq!(packages_providing("gunicorn"), vec!["gunicorn"]);
        assert_eq!(packages_providing("waitress-serve"), vec!["waitress"]);
        assert!(packages_providing("uwsgi").contains(&"uwsgi"));
        assert!(packages_providing("gunicron").is_empty());
    }

    #[test]
    fn worker_classes() {
        assert_eq!(
            worker_class("gevent"),
            WorkerClass::Builtin {
                needs: Some("gevent")
            }
        );
        assert_eq!(
            worker_class("gthraed"),
            WorkerClass::UnknownShortName {
                suggestion: Some("gthread")
            }
        );
        assert_eq!(
            worker_class("uvicorn.workers.UvicornWorker"),
            WorkerClass::Known { package: "uvicorn" }
        );
        assert_eq!(
            worker_class("uvicorn.workers.UvicoWorker"),
            WorkerClass::UnknownClass {
                package: "uvicorn",
                suggestion: Some("uvicorn.workers.UvicornWorker".into())
            }
        );
        assert_eq!(
            worker_class("uvicorn.worker.UvicornWorker"),
            WorkerClass::UnknownClass {
                package: "uvicorn",
                suggestion: Some("uvicorn.workers.UvicornWorker".into())
            }
        );
        assert_eq!(
            worker_class("uvicorn_worker.UvicornWorker"),
            WorkerClass::Known {
                package: "uvicorn-worker"
            }
        );
        assert_eq!(
            worker_class("aiohttp.worker.GunicornWebWorker"),
            WorkerClass::Other {
                top_module: "aiohttp".into()
            }
        );
    }

    #[test]
    fn near_misses() {
        let names = ["gunicorn", "uvicorn", "celery"];
        assert_eq!(nearest("gunicron", names.into_iter()), Some("gunicorn"));
        assert_eq!(nearest("uvicron", names.into_iter()), Some("uvicorn"));
        assert_eq!(nearest("nginx", names.into_iter()), None);
    }
}
