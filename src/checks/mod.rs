//! Layer `checks`: pure functions of the model returning findings; the registry applies profile severities.
//!
//! The check catalogue. One check is one file in this folder plus one
//! documentation file `checks/PAASnnn.md`, and one line in [`REGISTRY`].
//! Codes are stable and never reused.

use crate::finding::{Finding, Location, Severity};
use crate::model::{App, Project};
use crate::platform::Platform;
use crate::profile::Profile;

mod allowed_hosts_empty;
mod allowed_hosts_exclude_platform;
mod app_in_subfolder;
mod asgi_app_on_wsgi_worker;
mod bind_localhost;
mod broken_package_metadata;
mod broken_requirements_include;
mod collectstatic_disabled;
mod committed_heroku_python;
mod committed_virtualenv;
mod csrf_trusted_origin_without_scheme;
mod database_url_unread;
mod debug_enabled;
mod dev_server_in_web_process;
mod django_settings_module_missing;
mod duplicate_process_type;
mod duplicate_python_buildpack;
mod duplicate_requirement;
mod empty_procfile;
mod entry_callable_missing;
mod entry_facts;
mod entry_module_missing;
mod env_var_required_at_boot;
mod eol_framework_version;
mod factory_served_as_app;
mod file_too_large;
mod fixed_port;
mod fly_internal_port_mismatch;
mod folder_not_walked;
mod import_fails_on_target_python;
mod import_not_installed;
mod insecure_cookie_flags;
mod invalid_nltk_data_id;
mod invalid_platform_file;
mod invalid_process_type;
mod invalid_python_version;
mod invalid_requirement;
mod machine_local_requirement;
mod malformed_procfile_line;
mod merge_conflict_marker;
mod migrations_in_web_process;
mod misnamed_procfile;
mod missing_dockerfile;
mod missing_procfile;
mod missing_requirements_file;
mod missing_web_process;
mod misspelt_python_version_file;
mod misspelt_requirements_file;
mod module_does_not_parse;
mod multiple_package_managers;
mod name_undefined_at_import;
mod non_pip_package_manager;
mod non_utf8_encoding;
mod other_language_detected_first;
mod pipfile_without_lock;
mod pkg_resources_pin;
mod postgres_scheme_with_sqlalchemy;
mod procfile_in_subfolder;
mod procfile_yaml_ambiguity;
mod production_settings_not_selected;
mod python_constraint_excludes_target;
mod python_patch_availability;
mod python_patch_outdated;
mod python_patch_unavailable;
mod python_version_unspecified;
mod python_version_unsupported;
mod python_versions_disagree;
mod requirements_in_subfolder;
mod requires_python_excludes_target;
mod root_directory_mismatch;
mod runtime_txt_deprecated;
mod runtime_txt_in_uv_project;
mod secret_key_hard_coded;
mod security_middleware_missing;
mod server_not_runtime_dependency;
mod settings_env_required_at_build;
mod setup_py_only;
mod sqlite_production_database;
mod start_program_not_found;
mod startup_path_not_installed;
mod static_files_unserved;
mod static_root_in_staticfiles_dirs;
mod static_root_missing;
mod static_served_by_app;
mod static_storage_uncompressed;
mod staticfiles_app_not_installed;
mod staticfiles_dir_missing;
mod storage_setting_ignored;
mod system_library_dependency;
mod undeclared_framework;
mod unexpanded_port_variable;
mod unhashed_requirement;
mod unknown_worker_class;
mod unlocked_dependency;
mod unpinned_dependency;
mod unreadable_file;
mod unsafe_build_env_var;
pub mod unused_suppression;
mod wheel_missing_for_target_python;
mod whitenoise_middleware_misplaced;

pub mod dependency_facts;
pub mod django;
pub mod names;
pub mod wheel_facts;

/// What a check is, independent of any run.
pub struct Check {
    /// `PAAS` + three digits; never reused.
    pub code: &'static str,
    /// kebab-case, names the problem.
    pub name: &'static str,
    pub severity: Severity,
    /// One line, shown by `paaslint checks`.
    pub summary: &'static str,
    /// Where the problem breaks or matters.
    pub platforms: &'static [Platform],
    /// The long documentation, embedded from `checks/<code>.md`.
    pub doc: &'static str,
    pub run: fn(&Context) -> Vec<Finding>,
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Embeds `checks/<code>.md`; a registered check without its doc does not compile.
macro_rules! check_doc {
    ($code:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/checks/",
            $code,
            ".md"
        ))
    };
}
pub(crate) use check_doc;

/// Every check, in code order. Add new checks here.
pub static REGISTRY: &[&Check] = &[
    &missing_requirements_file::CHECK,
    &requirements_in_subfolder::CHECK,
    &misspelt_requirements_file::CHECK,
    &non_pip_package_manager::CHECK,
    &multiple_package_managers::CHECK,
    &pipfile_without_lock::CHECK,
    &setup_py_only::CHECK,
    &committed_virtualenv::CHECK,
    &app_in_subfolder::CHECK,
    &unpinned_dependency::CHECK,
    &eol_framework_version::CHECK,
    &undeclared_framework::CHECK,
    &pkg_resources_pin::CHECK,
    &machine_local_requirement::CHECK,
    &duplicate_requirement::CHECK,
    &broken_requirements_include::CHECK,
    &system_library_dependency::CHECK,
    &server_not_runtime_dependency::CHECK,
    &unlocked_dependency::CHECK,
    &invalid_requirement::CHECK,
    &unhashed_requirement::CHECK,
    &requires_python_excludes_target::CHECK,
    &wheel_missing_for_target_python::CHECK,
    &import_fails_on_target_python::CHECK,
    &broken_package_metadata::CHECK,
    &committed_heroku_python::CHECK,
    &invalid_nltk_data_id::CHECK,
    &missing_procfile::CHECK,
    &misnamed_procfile::CHECK,
    &procfile_in_subfolder::CHECK,
    &empty_procfile::CHECK,
    &malformed_procfile_line::CHECK,
    &invalid_process_type::CHECK,
    &duplicate_process_type::CHECK,
    &missing_web_process::CHECK,
    &procfile_yaml_ambiguity::CHECK,
    &dev_server_in_web_process::CHECK,
    &bind_localhost::CHECK,
    &fixed_port::CHECK,
    &unexpanded_port_variable::CHECK,
    &migrations_in_web_process::CHECK,
    &start_program_not_found::CHECK,
    &unknown_worker_class::CHECK,
    &entry_module_missing::CHECK,
    &entry_callable_missing::CHECK,
    &asgi_app_on_wsgi_worker::CHECK,
    &factory_served_as_app::CHECK,
    &django_settings_module_missing::CHECK,
    &module_does_not_parse::CHECK,
    &name_undefined_at_import::CHECK,
    &import_not_installed::CHECK,
    &startup_path_not_installed::CHECK,
    &static_root_missing::CHECK,
    &staticfiles_dir_missing::CHECK,
    &static_root_in_staticfiles_dirs::CHECK,
    &static_files_unserved::CHECK,
    &whitenoise_middleware_misplaced::CHECK,
    &static_storage_uncompressed::CHECK,
    &collectstatic_disabled::CHECK,
    &static_served_by_app::CHECK,
    &staticfiles_app_not_installed::CHECK,
    &misspelt_python_version_file::CHECK,
    &invalid_python_version::CHECK,
    &runtime_txt_deprecated::CHECK,
    &python_version_unspecified::CHECK,
    &python_version_unsupported::CHECK,
    &python_versions_disagree::CHECK,
    &python_patch_unavailable::CHECK,
    &python_patch_outdated::CHECK,
    &python_constraint_excludes_target::CHECK,
    &runtime_txt_in_uv_project::CHECK,
    &debug_enabled::CHECK,
    &secret_key_hard_coded::CHECK,
    &allowed_hosts_empty::CHECK,
    &csrf_trusted_origin_without_scheme::CHECK,
    &security_middleware_missing::CHECK,
    &settings_env_required_at_build::CHECK,
    &sqlite_production_database::CHECK,
    &database_url_unread::CHECK,
    &insecure_cookie_flags::CHECK,
    &postgres_scheme_with_sqlalchemy::CHECK,
    &env_var_required_at_boot::CHECK,
    &allowed_hosts_exclude_platform::CHECK,
    &storage_setting_ignored::CHECK,
    &production_settings_not_selected::CHECK,
    &invalid_platform_file::CHECK,
    &root_directory_mismatch::CHECK,
    &fly_internal_port_mismatch::CHECK,
    &unsafe_build_env_var::CHECK,
    &duplicate_python_buildpack::CHECK,
    &missing_dockerfile::CHECK,
    &other_language_detected_first::CHECK,
    &unreadable_file::CHECK,
    &merge_conflict_marker::CHECK,
    &non_utf8_encoding::CHECK,
    &file_too_large::CHECK,
    &folder_not_walked::CHECK,
    &unused_suppression::CHECK,
];

/// Headings of the reference tables in checks/README.md, by first digit of the code.
const AREAS: &[(char, &str)] = &[
    ('1', "1xx: Dependencies"),
    ('2', "2xx: Procfile and processes"),
    ('3', "3xx: Entry point"),
    ('4', "4xx: Static files"),
    ('5', "5xx: Python version"),
    ('6', "6xx: Settings"),
    ('7', "7xx: Platform files"),
    ('9', "9xx: Meta"),
];

/// The generated part of checks/README.md (`paaslint checks --format markdown`).
pub fn reference_tables() -> String {
    let mut out = String::new();
    for (digit, heading) in AREAS {
        let rows: Vec<_> = REGISTRY
            .iter()
            .filter(|c| c.code[4..].starts_with(*digit))
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "## {heading}\n\n| code | name | severity | summary |\n| --- | --- | --- | --- |\n"
        ));
        for c in rows {
            out.push_str(&format!(
                "| [{0}]({0}.md) | {1} | {2} | {3} |\n",
                c.code,
                c.name,
                c.severity.as_str(),
                c.summary.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out
}

pub fn find(code: &str) -> Option<&'static Check> {
    let code = code.trim();
    REGISTRY
        .iter()
        .copied()
        .find(|c| c.code.eq_ignore_ascii_case(code) || c.name == code)
}

/// Options that change what checks report (from the command line, later config).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Require an exact `==` pin for every dependency, not only frameworks.
    pub strict_pins: bool,
    /// Packages the bundled wheel index lacks, as `--online` found them.
    pub online_index: Option<std::sync::Arc<crate::wheel_index::WheelIndex<'static>>>,
}

/// What a check sees: the whole project, the app being checked, and the settings.
pub struct Context<'a> {
    pub project: &'a Project,
    pub app: &'a App,
    pub settings: &'a Settings,
    /// This app's files, grouped once for all checks (filtering every file
    /// per check and app was quadratic in apps).
    pub files: &'a [&'a crate::source::SourceFile],
}

impl Context<'_> {
    /// Files already read that belong to this app (not to a nested app).
    pub fn app_files(&self) -> impl Iterator<Item = &crate::source::SourceFile> {
        self.files.iter().copied()
    }

    /// Platform files of this app: inside its folder, or at the linted folder
    /// when there is only one app.
    pub fn platform_files(
        &self,
    ) -> impl Iterator<Item = &crate::parse::platform_files::PlatformFile> {
        self.project.platform_files.iter().filter(|f| {
            self.project
                .app_of(&f.path)
                .is_some_and(|a| std::ptr::eq(a, self.app))
                || (self.project.apps.len() == 1 && !f.path.contains('/'))
        })
    }

    /// Location for a finding about something missing in the app root:
    /// line 1 of the most relevant existing file, else the folder itself.
    pub fn anchor(&self, preferred: &[&str]) -> Location {
        for name in preferred {
            let path = self.app.path(name);
            if let Some(file) = self.project.file(&path) {
                return Location::file_start(file);
            }
            if self.project.inventory.is_file(&path) {
                return Location::path_only(path);
            }
        }
        Location::path_only(self.app.root_location())
    }
}

impl Check {
    /// Starts a finding of this check at `location`.
    pub fn finding(
        &'static self,
        cx: &Context,
        location: Location,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code: self.code,
            name: self.name,
            severity: self.severity,
            message: crate::escape::clip(message.into()),
            help: None,
            label: None,
            location,
            related: Vec::new(),
            app_root: cx.app.display_root().to_string(),
            subject: None,
            platforms: self.platforms.to_vec(),
            severity_on: Vec::new(),
            data: serde_json::Map::new(),
        }
    }
}

/// Runs the selected checks on every app and returns the findings sorted.
pub fn run_all(
    project: &Project,
    settings: &Settings,
    selected: &dyn Fn(&Check) -> bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut files_by_app: Vec<Vec<&crate::source::SourceFile>> =
        vec![Vec::new(); project.apps.len()];
    for file in project.files.values() {
        if let Some(list) = project
            .app_position(&file.path)
            .and_then(|i| files_by_app.get_mut(i))
        {
            list.push(file);
        }
    }
    for (app, files) in project.apps.iter().zip(&files_by_app) {
        let cx = Context {
            project,
            app,
            settings,
            files,
        };
        for check in REGISTRY.iter().filter(|c| selected(c)) {
            let builder_check = crate::profile::BUILDER_CHECKS.contains(&check.code);
            findings.extend((check.run)(&cx).into_iter().filter_map(|mut f| {
                apply_profiles(&mut f, check.severity);
                // Platforms that build the Dockerfile never run their Python builder.
                if builder_check && !app.docker_built.is_empty() {
                    f.platforms.retain(|p| !app.docker_built.contains(p));
                    f.severity_on.retain(|(p, _)| !app.docker_built.contains(p));
                    if f.platforms.is_empty() {
                        return None;
                    }
                }
                Some(f)
            }));
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// Records the profiles' exceptions for a finding at its check's default severity.
fn apply_profiles(finding: &mut Finding, default: Severity) {
    if finding.severity != default {
        return;
    }
    // A severity the check itself gave a platform (from its facts) wins.
    let own = std::mem::take(&mut finding.severity_on);
    let from_profiles: Vec<_> = finding
        .platforms
        .iter()
        .filter(|p| !own.iter().any(|(q, _)| q == *p))
        .filter_map(|p| Some((*p, p.profile().severity_of(finding.code)?)))
        .collect();
    let severity = finding.severity;
    finding.severity_on = from_profiles
        .into_iter()
        .chain(own)
        .filter(|(_, s)| *s != severity)
        .collect();
}

/// Every check that affects `profile`'s platform, with its severity there:
/// the check's default unless the profile names the code.
pub fn on_platform(profile: &Profile) -> Vec<(&'static Check, Severity)> {
    REGISTRY
        .iter()
        .copied()
        .filter(|c| c.platforms.contains(&profile.platform))
        .map(|c| (c, profile.severity_of(c.code).unwrap_or(c.severity)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = BTreeSet::new();
        let mut names = BTreeSet::new();
        for check in REGISTRY {
            assert!(codes.insert(check.code), "duplicate code {}", check.code);
            assert!(names.insert(check.name), "duplicate name {}", check.name);
            let digits = check.code.strip_prefix("PAAS").expect("PAAS prefix");
            assert!(
                digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                check.code
            );
            assert!(
                check
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                check.name
            );
            // Names describe the problem (ruff's rule): no imperative prefixes.
            for banned in ["avoid-", "require-", "do-not-", "use-", "no-"] {
                assert!(
                    !check.name.starts_with(banned),
                    "{} starts with {banned}",
                    check.name
                );
            }
            assert!(
                !check.summary.is_empty() && !check.platforms.is_empty(),
                "{}",
                check.code
            );
        }
    }

    #[test]
    fn reference_page_is_in_sync() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checks/README.md");
        let text = std::fs::read_to_string(path).unwrap();
        let generated_part = text.find("## 1xx").map(|i| &text[i..]).unwrap_or("");
        assert_eq!(
            generated_part.trim_end(),
            reference_tables().trim_end(),
            "checks/README.md is stale: replace everything from `## 1xx` with `cargo run -- checks --format markdown`"
        );
    }

    #[test]
    fn registry_is_in_code_order() {
        let codes: Vec<_> = REGISTRY.iter().map(|c| c.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn every_check_has_its_doc_and_every_doc_its_check() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checks");
        let mut doc_codes = BTreeSet::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(code) = name.strip_suffix(".md").filter(|n| n.starts_with("PAAS")) {
                doc_codes.insert(code.to_string());
            }
        }
        let registered: BTreeSet<_> = REGISTRY.iter().map(|c| c.code.to_string()).collect();
        assert_eq!(doc_codes, registered);
        for check in REGISTRY {
            let heading = format!("# {}: {}\n", check.code, check.name);
            assert!(
                check.doc.starts_with(&heading),
                "{} doc must start with `{heading}`",
                check.code
            );
            for section in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## How to fix",
                "## Platforms",
            ] {
                assert!(
                    check.doc.contains(section),
                    "{} doc lacks `{section}`",
                    check.code
                );
            }
        }
    }

    #[test]
    fn severity_exceptions_name_checks_that_affect_the_platform() {
        for profile in &crate::profile::PROFILES {
            for (code, severity, why) in profile.severity {
                let check = find(code).expect("registered code");
                assert!(
                    check.platforms.contains(&profile.platform),
                    "{code} does not list {:?}",
                    profile.platform
                );
                assert_ne!(*severity, check.severity, "{code}: not an exception");
                assert!(!why.is_empty());
            }
        }
        assert!(REGISTRY.len() > 1);
    }
}
