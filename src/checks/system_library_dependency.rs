use std::str::FromStr;

use super::dependency_facts::{allows_from, dependency_location};
use super::{check_doc, Check, Context};
use crate::deps::Dependency;
use crate::finding::{Finding, Severity};
use crate::model::CommandOrigin;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS117",
    name: "system-library-dependency",
    severity: Severity::Warning,
    summary: "A dependency needs a system library that the default builders do not install",
    platforms: &[
        Platform::Heroku,
        Platform::Digitalocean,
        Platform::Dokku,
        Platform::Azure,
    ],
    doc: check_doc!("PAAS117"),
    run,
};

struct NativeNeed {
    package: &'static str,
    library: &'static str,
    /// `Error` where the classic buildpack's own tests show the build failing
    /// (spec/hatchet/pip_spec.rb), `Info` where only Railway's builders show the need.
    severity: Severity,
    /// A buildpack listed in app.json before the Python one that provides the
    /// library (matched as a substring of its URL or name).
    provided_by: Option<&'static str>,
    fix: &'static str,
    /// Debian packages (build headers and run-time library) that satisfy it;
    /// a platform whose images hold them all (platform-facts) is left out.
    debian: &'static [&'static str],
}

/// Catalogue A16. GDAL and pysqlite3 < 0.6: heroku-buildpack-python v351
/// (b4e7e72, checked 2026-12-02) fails the build for both: spec/hatchet/pip_spec.rb:366-417
/// (fixture pip_gdal, "Package installation failed since the GDAL library wasn't found",
/// remedy the Geo buildpack) and :419-456 (pip_pysqlite3 pins 0.5.4, "SQLite headers weren't
/// found"; the fixture notes 0.6.0+ ships wheels), messages in bin/warnings. The others: Railway's builders (nixpacks, railpack) add these
/// system packages themselves because the builds need them (postgres dev
/// files, libmysqlclient, cairo, ffmpeg, poppler).
const NEEDS: &[NativeNeed] = &[
    NativeNeed {
        package: "gdal",
        library: "GDAL (with GEOS and PROJ)",
        severity: Severity::Error,
        provided_by: Some("geo-buildpack"),
        fix: "on Heroku, add the Geo buildpack (https://github.com/heroku/heroku-geo-buildpack) before the Python one; elsewhere install libgdal in the image",
        debian: &["libgdal-dev"],
    },
    NativeNeed {
        package: "pysqlite3",
        library: "the SQLite headers (for pysqlite3 before 0.6)",
        severity: Severity::Error,
        provided_by: None,
        fix: "use the standard library's sqlite3 module, or pysqlite3 0.6 or later / pysqlite3-binary",
        debian: &["libsqlite3-dev"],
    },
    NativeNeed {
        package: "psycopg2",
        library: "libpq and pg_config (psycopg2 builds from source)",
        severity: Severity::Info,
        provided_by: None,
        fix: "use `psycopg2-binary` or `psycopg[binary]`, which ship the library in the wheel, or make sure the build image has libpq-dev",
        debian: &["libpq-dev", "libpq5"],
    },
    NativeNeed {
        package: "mysqlclient",
        library: "libmysqlclient and pkg-config",
        severity: Severity::Info,
        provided_by: None,
        fix: "make sure the build image has libmysqlclient-dev (or use the pure-Python PyMySQL)",
        debian: &["libmysqlclient-dev", "pkgconf", "libmysqlclient21"],
    },
    NativeNeed {
        package: "pycairo",
        library: "cairo",
        severity: Severity::Info,
        provided_by: None,
        fix: "make sure the image has libcairo2 (and libcairo2-dev to build pycairo)",
        debian: &["libcairo2-dev", "libcairo2"],
    },
    NativeNeed {
        package: "cairosvg",
        library: "cairo",
        severity: Severity::Info,
        provided_by: None,
        fix: "make sure the image has libcairo2",
        debian: &["libcairo2"],
    },
    NativeNeed {
        package: "pydub",
        library: "ffmpeg (called at run time)",
        severity: Severity::Info,
        provided_by: None,
        fix: "make sure the image has ffmpeg (on Heroku, an ffmpeg buildpack)",
        debian: &["ffmpeg"],
    },
    NativeNeed {
        package: "pdf2image",
        library: "poppler (`pdftoppm`, called at run time)",
        severity: Severity::Info,
        provided_by: None,
        fix: "make sure the image has poppler-utils",
        debian: &["poppler-utils"],
    },
];

fn applies(need: &NativeNeed, dep: &Dependency) -> bool {
    if need.package != "pysqlite3" {
        return true;
    }
    // Only releases before 0.6 build against the system's SQLite headers, and
    // pip takes the newest release the specifiers allow: the need exists only
    // when they allow nothing from 0.6 on. Unpinned installs a wheel.
    if let Some(version) = dep.locked.as_ref().and_then(|l| l.version.as_deref()) {
        return uv_pep440::Version::from_str(version).is_ok_and(|v| v < first_wheel());
    }
    match &dep.specifiers {
        Some(specs) if !specs.is_empty() => !allows_from(specs, &first_wheel()),
        _ => false,
    }
}

/// pysqlite3 0.6.0, the first release with wheels (the buildpack's pip_pysqlite3 fixture).
fn first_wheel() -> uv_pep440::Version {
    uv_pep440::Version::new([0, 6, 0])
}

/// Whether app.json lists a buildpack that provides the library.
fn provided_by_buildpack(cx: &Context, need: &NativeNeed) -> bool {
    let Some(name) = need.provided_by else {
        return false;
    };
    cx.platform_files()
        .filter(|f| f.origin == CommandOrigin::AppJson)
        .flat_map(|f| f.buildpacks.iter())
        .any(|(url, _)| url.to_ascii_lowercase().contains(name))
}

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for dep in cx.app.deps.runtime() {
        let Some(need) = NEEDS.iter().find(|n| n.package == dep.name) else {
            continue;
        };
        if !applies(need, dep) || provided_by_buildpack(cx, need) {
            continue;
        }
        // Platforms whose images already hold the library build and run it.
        let platforms: Vec<Platform> = CHECK
            .platforms
            .iter()
            .copied()
            .filter(|p| !p.facts().has_system_packages(need.debian))
            .collect();
        if platforms.is_empty() {
            continue;
        }
        let message = if need.severity == Severity::Error {
            format!(
                "`{}` needs {} on the machine: Heroku's Python buildpack (also used by DigitalOcean and Dokku) does not provide it, so the build fails",
                dep.name, need.library
            )
        } else {
            format!(
                "`{}` needs {} on the machine: on {} check that the image has it, or the build or the first request that uses it fails (Railway's builders add it themselves)",
                dep.name,
                need.library,
                crate::platform::describe(&platforms)
            )
        };
        let mut finding = CHECK
            .finding(cx, dependency_location(cx, dep), message)
            .with_platforms(&platforms)
            .with_label("needs a system library")
            .with_help(need.fix)
            .with_subject(dep.name.clone())
            .with_data("library", need.library);
        finding.severity = need.severity;
        if need.severity == Severity::Error {
            // The failure is the classic buildpack's; Oryx is not known to fail.
            finding = finding.with_platforms(&[
                Platform::Heroku,
                Platform::Digitalocean,
                Platform::Dokku,
            ]);
        }
        out.push(finding);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use uv_pep440::VersionSpecifiers;

    /// Whether pip, taking the newest allowed release, lands before 0.6.
    fn old(specs: &str) -> bool {
        let specs = VersionSpecifiers::from_str(specs).expect("valid specifiers");
        !super::allows_from(&specs, &super::first_wheel())
    }

    #[test]
    fn pysqlite3_needs_headers_only_when_pinned_before_0_6() {
        for specs in [
            "==0.5.4",
            "<0.6",
            "~=0.5.0",
            "==0.5.*",
            ">=0.4,<0.6",
            "<=0.5.99",
        ] {
            assert!(old(specs), "{specs}");
        }
        for specs in [
            ">=0.6", "==0.6.0", ">=0.5", "<1", "!=0.5.4", "~=0.6", "<=0.6.0", ">0.5.4",
        ] {
            assert!(!old(specs), "{specs}");
        }
    }
}
