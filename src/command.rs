//! Layer `parsers`: one start command's text into the server, target and bind it names.
//!
//! Start commands, lexed with `shlex` and read the way each server reads its
//! arguments: which server runs, what it serves, where it binds.

use crate::source::Span;

/// One word of a command and where it sits in the file (best effort for
/// quoted words: the whole command's span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
    /// The word was written inside single quotes, so no shell expands it.
    pub single_quoted: bool,
}

/// The servers paaslint knows how to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    Gunicorn,
    Uvicorn,
    Hypercorn,
    Daphne,
    Waitress,
    Uwsgi,
    Granian,
    /// `flask run`
    FlaskRun,
    /// `manage.py runserver`
    Runserver,
    /// `python file.py`: whatever the file starts.
    PythonScript,
    Streamlit,
}

impl Server {
    /// The PyPI package that provides the executable.
    pub fn package(self) -> Option<&'static str> {
        Some(match self {
            Server::Gunicorn => "gunicorn",
            Server::Uvicorn => "uvicorn",
            Server::Hypercorn => "hypercorn",
            Server::Daphne => "daphne",
            Server::Waitress => "waitress",
            Server::Uwsgi => "uwsgi",
            Server::Granian => "granian",
            Server::FlaskRun => "flask",
            Server::Runserver => "django",
            Server::Streamlit => "streamlit",
            Server::PythonScript => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Server::Gunicorn => "gunicorn",
            Server::Uvicorn => "uvicorn",
            Server::Hypercorn => "hypercorn",
            Server::Daphne => "daphne",
            Server::Waitress => "waitress-serve",
            Server::Uwsgi => "uwsgi",
            Server::Granian => "granian",
            Server::FlaskRun => "flask run",
            Server::Runserver => "manage.py runserver",
            Server::PythonScript => "python",
            Server::Streamlit => "streamlit",
        }
    }

    /// Whether the server binds `0.0.0.0:$PORT` by itself when no address is
    /// given. Only gunicorn reads `PORT`.
    pub fn reads_port_env(self) -> bool {
        matches!(self, Server::Gunicorn)
    }

    /// The address the server listens on when none is given.
    pub fn default_bind(self) -> (&'static str, &'static str) {
        match self {
            Server::Gunicorn => ("127.0.0.1", "8000"),
            Server::Uvicorn | Server::Hypercorn | Server::Daphne | Server::Granian => {
                ("127.0.0.1", "8000")
            }
            Server::Waitress => ("0.0.0.0", "8080"),
            Server::Uwsgi => ("", ""),
            Server::FlaskRun => ("127.0.0.1", "5000"),
            Server::Runserver => ("127.0.0.1", "8000"),
            Server::PythonScript => ("", ""),
            Server::Streamlit => ("0.0.0.0", "8501"),
        }
    }
}

/// `module:callable` as a server names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Dotted module path (`mysite.wsgi`), or a file path for `--wsgi-file`/scripts.
    pub module: String,
    /// The attribute; `None` means the server's default (`application` for gunicorn).
    pub callable: Option<String>,
    /// Written as a call (`mod:create_app()`), or served with `--factory`/`--call`.
    pub factory_call: bool,
    /// The target is a file path rather than a module.
    pub is_file: bool,
    pub span: Span,
}

/// Where the server listens, as the command says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bind {
    /// Host as written; `None` when the command gives none.
    pub host: Option<String>,
    /// Port as written (`8000`, `$PORT`, `${PORT:-8000}`); `None` when absent.
    pub port: Option<String>,
    pub span: Option<Span>,
    /// The port word is single-quoted or the command is exec-form: `$PORT` stays literal.
    pub port_unexpanded: bool,
    /// A unix socket or file descriptor: no TCP port involved.
    pub socket: bool,
    /// Set when the bind comes from another file (gunicorn.conf.py), whose span `span` is.
    pub path: Option<String>,
}

/// One start command, understood.
#[derive(Debug, Clone, Default)]
pub struct ParsedCommand {
    /// Index into `App::commands`.
    pub index: usize,
    pub server: Option<Server>,
    /// The server's word in the command.
    pub server_span: Option<Span>,
    pub target: Option<Target>,
    pub bind: Bind,
    /// gunicorn `-k`, uvicorn `--interface`, granian `--interface`.
    pub worker_class: Option<String>,
    /// Where the worker class is written, and the file when it is not the
    /// command's own (gunicorn.conf.py).
    pub worker_class_span: Option<Span>,
    pub worker_class_path: Option<String>,
    /// The program word of each step (after `NAME=value` and wrappers),
    /// including the steps of `sh -c` scripts.
    pub programs: Vec<Word>,
    /// Folders added to the import path: `--chdir`, `--pythonpath`, `--app-dir`, `cd dir &&`.
    pub chdir: Option<String>,
    pub pythonpath: Vec<String>,
    /// gunicorn `-c FILE`.
    pub config_file: Option<String>,
    /// `--reload` and friends, with its span.
    pub reload: Option<Span>,
    /// Environment set by the command (`DJANGO_SETTINGS_MODULE=x gunicorn …`).
    pub env: Vec<(String, String)>,
    /// A migration step chained before the server (`manage.py migrate && …`).
    pub migration: Option<Span>,
    /// The executable of the main segment when it is no known server.
    pub program: Option<String>,
    /// The command could not be lexed (an unterminated quote).
    pub lex_error: bool,
}

/// Wrappers that run the real command given after them.
const WRAPPERS: &[&[&str]] = &[
    &["exec"],
    &["poetry", "run"],
    &["uv", "run"],
    &["pipenv", "run"],
    &["pdm", "run"],
    &["newrelic-admin", "run-program"],
    &["ddtrace-run"],
    &["opentelemetry-instrument"],
    &["tini", "--"],
    &["dumb-init"],
    &["doppler", "run", "--"],
    // Heroku's nginx and pgbouncer buildpacks start the real command after them.
    &["start-nginx"],
    &["start-nginx-solo"],
    &["start-pgbouncer"],
    &["start-pgbouncer-stunnel"],
];

/// Reads one start command: `text` (shell syntax) at `span` of its file, or
/// `argv` for an exec form (a JSON array or YAML list).
pub fn parse(index: usize, text: &str, span: Span, argv: Option<&[String]>) -> ParsedCommand {
    let mut parsed = ParsedCommand {
        index,
        ..Default::default()
    };
    let words = match argv {
        Some(argv) => argv
            .iter()
            .map(|a| Word {
                text: a.clone(),
                span,
                single_quoted: true,
            })
            .collect(),
        None => match lex(text, span.start) {
            Some(words) => words,
            None => {
                parsed.lex_error = true;
                return parsed;
            }
        },
    };
    let exec_form = argv.is_some();
    read_words(&mut parsed, words, exec_form, 0);
    apply_gunicorn_cmd_args(&mut parsed, span);
    parsed
}

/// gunicorn reads `GUNICORN_CMD_ARGS` before its command line, which wins.
fn apply_gunicorn_cmd_args(parsed: &mut ParsedCommand, span: Span) {
    if parsed.server != Some(Server::Gunicorn) {
        return;
    }
    let Some((_, value)) = parsed.env.iter().find(|(k, _)| k == "GUNICORN_CMD_ARGS") else {
        return;
    };
    let Some(words) = lex(value, 0) else {
        return;
    };
    let words: Vec<Word> = words.into_iter().map(|w| Word { span, ..w }).collect();
    let mut from_env = ParsedCommand::default();
    read_server_args(&mut from_env, Server::Gunicorn, &words, false);
    if parsed.worker_class.is_none() {
        parsed.worker_class = from_env.worker_class;
        parsed.worker_class_span = from_env.worker_class_span;
    }
    if parsed.bind.host.is_none() && parsed.bind.port.is_none() {
        parsed.bind = from_env.bind;
    }
    if parsed.chdir.is_none() {
        parsed.chdir = from_env.chdir;
    }
    if parsed.config_file.is_none() {
        parsed.config_file = from_env.config_file;
    }
}

fn read_words(parsed: &mut ParsedCommand, words: Vec<Word>, exec_form: bool, depth: usize) {
    for segment in segments(words) {
        let mut rest: &[Word] = &segment;
        // Leading `NAME=value` assignments.
        while let Some((first, tail)) = rest.split_first() {
            match first.text.split_once('=') {
                Some((name, value))
                    if !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !name.starts_with(|c: char| c.is_ascii_digit()) =>
                {
                    parsed.env.push((name.to_string(), value.to_string()));
                    rest = tail;
                }
                _ => break,
            }
        }
        rest = strip_wrappers(rest);
        let Some(first) = rest.first() else {
            continue;
        };
        parsed.programs.push(first.clone());
        let program = basename(&first.text);
        match program {
            "cd" => {
                if let Some(dir) = rest.get(1) {
                    parsed.chdir = Some(dir.text.trim_end_matches('/').to_string());
                }
            }
            "sh" | "bash" | "dash" | "zsh" if depth < 3 => {
                if let Some(pos) = rest.iter().position(|w| w.text == "-c") {
                    if let Some(script) = rest.get(pos + 1) {
                        // The script's words sit inside one quoted word: point at it.
                        if let Some(inner) = lex(&script.text, script.span.start) {
                            let inner = inner
                                .into_iter()
                                .map(|w| Word {
                                    span: script.span,
                                    ..w
                                })
                                .collect();
                            // The shell expands the script's words, whatever form ran the shell.
                            read_words(parsed, inner, false, depth + 1);
                        }
                    }
                }
            }
            _ => read_process(parsed, rest, exec_form),
        }
    }
}

/// Splits on `&&`, `||`, `;` and `|`, also when glued to a word (`migrate;`).
fn segments(words: Vec<Word>) -> Vec<Vec<Word>> {
    let mut out = vec![Vec::new()];
    for mut word in words {
        if matches!(word.text.as_str(), "&&" | "||" | ";" | "|" | "&") {
            out.push(Vec::new());
            continue;
        }
        let ends_segment = !word.single_quoted && word.text.ends_with(';') && word.text.len() > 1;
        if ends_segment {
            word.text.pop();
        }
        if let Some(last) = out.last_mut() {
            last.push(word);
        }
        if ends_segment {
            out.push(Vec::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn strip_wrappers(mut rest: &[Word]) -> &[Word] {
    'outer: loop {
        // `env [-i] NAME=value … cmd`: the assignments are read like a shell prefix.
        if rest.len() > 1 && basename(&rest[0].text) == "env" {
            let mut i = 1;
            while rest
                .get(i)
                .is_some_and(|w| w.text.starts_with('-') || w.text.contains('='))
            {
                i += 1;
            }
            rest = &rest[i..];
            continue 'outer;
        }
        for wrapper in WRAPPERS {
            if rest.len() > wrapper.len()
                && wrapper
                    .iter()
                    .zip(rest)
                    .all(|(w, word)| basename(&word.text) == *w)
            {
                rest = &rest[wrapper.len()..];
                continue 'outer;
            }
        }
        return rest;
    }
}

fn basename(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

fn is_python(program: &str) -> bool {
    let name = basename(program);
    name == "python"
        || name == "python3"
        || name
            .strip_prefix("python3.")
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit()))
}

fn read_process(parsed: &mut ParsedCommand, words: &[Word], exec_form: bool) {
    let Some(first) = words.first() else {
        return;
    };
    let program = basename(&first.text);
    let mut args = &words[1..];
    let mut server_word = first;
    let server = if is_python(program) {
        // `python -m gunicorn …`, `python manage.py …`, `python app.py`.
        let mut i = 0;
        while let Some(w) = args.get(i) {
            if w.text == "-m" || !w.text.starts_with('-') {
                break;
            }
            i += 1;
        }
        match args.get(i) {
            Some(w) if w.text == "-m" => match args.get(i + 1) {
                Some(module) => {
                    server_word = module;
                    args = args.get(i + 2..).unwrap_or(&[]);
                    // `python -m gunicorn.app.wsgiapp` is gunicorn's own entry module.
                    let top = module.text.split('.').next().unwrap_or("");
                    match server_for(&module.text).or_else(|| server_for(top)) {
                        Some(s) => Some(s),
                        None => {
                            parsed.program = Some(format!("python -m {}", module.text));
                            parsed.target = Some(Target {
                                module: module.text.clone(),
                                callable: None,
                                factory_call: false,
                                is_file: false,
                                span: module.span,
                            });
                            return;
                        }
                    }
                }
                None => return,
            },
            Some(script) if basename(&script.text) == "manage.py" => {
                let sub = args.get(i + 1).map(|w| w.text.as_str());
                match sub {
                    Some("runserver") => {
                        server_word = script;
                        args = args.get(i + 2..).unwrap_or(&[]);
                        Some(Server::Runserver)
                    }
                    Some("migrate") => {
                        parsed.migration = Some(script.span);
                        return;
                    }
                    _ => {
                        parsed.program = Some(format!("manage.py {}", sub.unwrap_or("")));
                        return;
                    }
                }
            }
            Some(script) => {
                parsed.server = Some(Server::PythonScript);
                parsed.server_span = Some(script.span);
                parsed.target = Some(Target {
                    module: script.text.clone(),
                    callable: None,
                    factory_call: false,
                    is_file: true,
                    span: script.span,
                });
                return;
            }
            None => return,
        }
    } else if program == "flask" {
        match args.iter().position(|w| w.text == "run") {
            Some(pos) => {
                read_flask_app_option(parsed, &args[..pos]);
                args = &args[pos + 1..];
                Some(Server::FlaskRun)
            }
            None => {
                if args.iter().any(|w| w.text == "db") {
                    parsed.migration = Some(first.span);
                }
                return;
            }
        }
    } else if program == "alembic" {
        if args.iter().any(|w| w.text == "upgrade") {
            parsed.migration = Some(first.span);
        }
        return;
    } else if program == "streamlit" {
        match args.first() {
            Some(w) if w.text == "run" => {
                if let Some(file) = args.get(1) {
                    parsed.target = Some(Target {
                        module: file.text.clone(),
                        callable: None,
                        factory_call: false,
                        is_file: true,
                        span: file.span,
                    });
                }
                args = args.get(2..).unwrap_or(&[]);
                Some(Server::Streamlit)
            }
            _ => return,
        }
    } else {
        server_for(program)
    };
    let Some(server) = server else {
        if parsed.server.is_none() {
            parsed.program = Some(program.to_string());
        }
        return;
    };
    // A later server segment wins over an earlier helper step.
    parsed.server = Some(server);
    parsed.server_span = Some(server_word.span);
    parsed.bind = Bind::default();
    read_server_args(parsed, server, args, exec_form);
}

fn server_for(program: &str) -> Option<Server> {
    Some(match program {
        "gunicorn" => Server::Gunicorn,
        "uvicorn" => Server::Uvicorn,
        "hypercorn" => Server::Hypercorn,
        "daphne" => Server::Daphne,
        "waitress-serve" | "waitress" => Server::Waitress,
        "uwsgi" => Server::Uwsgi,
        "granian" => Server::Granian,
        _ => return None,
    })
}

/// Options of each server that take no value; every other option takes one.
fn is_flag(server: Server, option: &str) -> bool {
    const COMMON: &[&str] = &["--reload", "--help", "--version", "-h"];
    if COMMON.contains(&option) {
        return true;
    }
    match server {
        Server::Gunicorn => matches!(
            option,
            "--preload"
                | "-D"
                | "--daemon"
                | "--capture-output"
                | "--check-config"
                | "--print-config"
                | "--spew"
                | "--no-sendfile"
                | "--reuse-port"
                | "--enable-stdio-inheritance"
                | "--proxy-protocol"
                | "--strip-header-spaces"
                | "-R"
                | "--suppress-ragged-eofs"
                | "--disable-redirect-access-to-syslog"
        ),
        Server::Uvicorn => matches!(
            option,
            "--factory"
                | "--proxy-headers"
                | "--no-proxy-headers"
                | "--access-log"
                | "--no-access-log"
                | "--use-colors"
                | "--no-use-colors"
                | "--server-header"
                | "--no-server-header"
                | "--date-header"
                | "--no-date-header"
        ),
        Server::Hypercorn => matches!(option, "--debug" | "--quic-bind-placeholder"),
        Server::Daphne => matches!(option, "--proxy-headers" | "-v0" | "--no-server-name"),
        Server::Waitress => matches!(
            option,
            "--call" | "--expose-tracebacks" | "--no-ipv6" | "--ipv4" | "--ipv6" | "--no-ipv4"
        ),
        Server::Granian => matches!(
            option,
            "--reload"
                | "--no-ws"
                | "--websockets"
                | "--no-websockets"
                | "--factory"
                | "--access-log"
                | "--log"
                | "--no-log"
        ),
        Server::FlaskRun => matches!(
            option,
            "--debug"
                | "--no-debug"
                | "--reload"
                | "--no-reload"
                | "--with-threads"
                | "--without-threads"
                | "--debugger"
                | "--no-debugger"
        ),
        Server::Runserver => matches!(
            option,
            "--noreload"
                | "--nothreading"
                | "--ipv6"
                | "-6"
                | "--insecure"
                | "--nostatic"
                | "--skip-checks"
        ),
        Server::Streamlit => false,
        Server::Uwsgi => matches!(
            option,
            "--master"
                | "-M"
                | "--enable-threads"
                | "--lazy-apps"
                | "--die-on-term"
                | "--vacuum"
                | "--single-interpreter"
                | "--need-app"
                | "--strict"
        ),
        Server::PythonScript => false,
    }
}

fn read_flask_app_option(parsed: &mut ParsedCommand, words: &[Word]) {
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let value = if let Some(v) = w.text.strip_prefix("--app=") {
            Some((v.to_string(), w.span))
        } else if w.text == "--app" || w.text == "-A" {
            i += 1;
            words.get(i).map(|v| (v.text.clone(), v.span))
        } else {
            None
        };
        if let Some((app, span)) = value {
            parsed.target = Some(target_from(&app, span, false));
        }
        i += 1;
    }
}

/// `mod:attr`, `mod:factory()`, or `mod` alone.
fn target_from(text: &str, span: Span, factory_flag: bool) -> Target {
    let (module, callable) = match text.split_once(':') {
        Some((m, c)) => (m, Some(c)),
        None => (text, None),
    };
    let (callable, call) = match callable {
        Some(c) => match c.split_once('(') {
            Some((name, _)) => (Some(name.trim().to_string()), true),
            None => (Some(c.trim().to_string()), false),
        },
        None => (None, false),
    };
    Target {
        module: module.trim().to_string(),
        callable: callable.filter(|c| !c.is_empty()),
        factory_call: call || factory_flag,
        is_file: false,
        span,
    }
}

fn read_server_args(parsed: &mut ParsedCommand, server: Server, args: &[Word], exec_form: bool) {
    let mut positional: Vec<&Word> = Vec::new();
    let mut factory = false;
    let mut i = 0;
    while let Some(word) = args.get(i) {
        let text = word.text.as_str();
        if !text.starts_with('-') || text == "-" {
            positional.push(word);
            i += 1;
            continue;
        }
        let (option, inline) = match text.split_once('=') {
            Some((o, v)) if o.starts_with("--") || o.len() == 2 => (o, Some(v.to_string())),
            _ => (text, None),
        };
        // Short options glued to their value: `-b0.0.0.0:8000`, `-w4`.
        // Short options are ASCII (`-b`): byte 2 is then a char boundary.
        let (option, inline) = if inline.is_none()
            && !option.starts_with("--")
            && option.len() > 2
            && option
                .as_bytes()
                .get(1)
                .is_some_and(u8::is_ascii_alphanumeric)
            && !is_flag(server, option)
        {
            (&option[..2], Some(option[2..].to_string()))
        } else {
            (option, inline)
        };
        if is_flag(server, option) {
            match option {
                "--reload" | "--debug" if server != Server::Runserver => {
                    parsed.reload = Some(word.span)
                }
                "--factory" | "--call" => factory = true,
                _ => {}
            }
            i += 1;
            continue;
        }
        let (value, value_word) = match inline {
            Some(v) => (v, word),
            None => {
                i += 1;
                match args.get(i) {
                    Some(w) => (w.text.clone(), w),
                    None => break,
                }
            }
        };
        apply_option(parsed, server, option, &value, value_word, exec_form);
        i += 1;
    }
    let app_word = match server {
        Server::Runserver => {
            if let Some(addr) = positional.first() {
                set_host_port(parsed, &addr.text, addr, exec_form);
            }
            None
        }
        Server::Uwsgi | Server::PythonScript | Server::Streamlit | Server::FlaskRun => None,
        _ => positional.first().copied(),
    };
    if let Some(app) = app_word {
        parsed.target = Some(target_from(&app.text, app.span, factory));
    } else if factory {
        if let Some(t) = parsed.target.as_mut() {
            t.factory_call = true;
        }
    }
}

fn apply_option(
    parsed: &mut ParsedCommand,
    server: Server,
    option: &str,
    value: &str,
    word: &Word,
    exec_form: bool,
) {
    match (server, option) {
        (Server::Gunicorn | Server::Hypercorn, "-b" | "--bind")
        | (Server::Granian, "--bind")
        | (Server::Waitress, "--listen")
            // Several binds: keep the first TCP one.
            if parsed.bind.host.is_none() && parsed.bind.port.is_none() =>
        {
            set_host_port(parsed, value, word, exec_form);
        }
        (Server::Daphne, "-b" | "--bind")
        | (Server::Uvicorn | Server::Granian | Server::Waitress | Server::FlaskRun, "--host")
        | (Server::FlaskRun, "-h") => {
            parsed.bind.host = Some(value.to_string());
            parsed.bind.span.get_or_insert(word.span);
        }
        (
            Server::Uvicorn
            | Server::Daphne
            | Server::Granian
            | Server::Waitress
            | Server::FlaskRun,
            "--port",
        )
        | (Server::Daphne | Server::FlaskRun, "-p") => set_port(parsed, value, word, exec_form),
        (Server::Uvicorn | Server::Daphne, "--uds" | "--fd" | "-u")
        | (Server::Waitress, "--unix-socket") => parsed.bind.socket = true,
        (Server::Uwsgi, "--http" | "--http-socket" | "--socket" | "-s")
            if parsed.bind.port.is_none() =>
        {
            set_host_port(parsed, value, word, exec_form);
        }
        (Server::Uwsgi, "--module" | "-w" | "--wsgi") => {
            parsed.target = Some(target_from(value, word.span, false));
        }
        (Server::Uwsgi, "--wsgi-file" | "--file") => {
            parsed.target = Some(Target {
                module: value.to_string(),
                callable: None,
                factory_call: false,
                is_file: true,
                span: word.span,
            });
        }
        (Server::Uwsgi, "--callable") => {
            if let Some(t) = parsed.target.as_mut() {
                t.callable = Some(value.to_string());
            }
        }
        (Server::Streamlit, "--server.port") => set_port(parsed, value, word, exec_form),
        (Server::Streamlit, "--server.address") => parsed.bind.host = Some(value.to_string()),
        (Server::Gunicorn | Server::Hypercorn, "-k" | "--worker-class")
        | (Server::Uvicorn | Server::Granian, "--interface") => {
            parsed.worker_class = Some(value.to_string());
            parsed.worker_class_span = Some(word.span);
        }
        (Server::Gunicorn | Server::Uwsgi, "--chdir") | (Server::Uvicorn, "--app-dir") => {
            parsed.chdir = Some(value.trim_end_matches('/').to_string())
        }
        (Server::Gunicorn, "--pythonpath") => {
            parsed.pythonpath.extend(
                value
                    .split(',')
                    .map(|p| p.trim().trim_end_matches('/').to_string()),
            );
        }
        (Server::Gunicorn | Server::Hypercorn, "-c" | "--config") => {
            parsed.config_file = Some(value.trim_start_matches("python:").to_string())
        }
        (Server::Gunicorn, "-e" | "--env") => {
            if let Some((k, v)) = value.split_once('=') {
                parsed.env.push((k.to_string(), v.to_string()));
            }
        }
        (Server::Runserver, "--settings") | (Server::Gunicorn, "--settings") => parsed
            .env
            .push(("DJANGO_SETTINGS_MODULE".to_string(), value.to_string())),
        _ => {}
    }
}

/// `host:port`, `:port`, `port`, `unix:/path`, `fd://3`, `[::]:port`.
fn set_host_port(parsed: &mut ParsedCommand, value: &str, word: &Word, exec_form: bool) {
    if value.starts_with("unix:") || value.starts_with("fd://") || value.starts_with('/') {
        parsed.bind.socket = true;
        return;
    }
    let (host, port) = match last_colon_outside_braces(value) {
        Some(i) => (Some(&value[..i]), Some(&value[i + 1..])),
        None if value.contains("PORT") || value.chars().all(|c| c.is_ascii_digit()) => {
            (None, Some(value))
        }
        None => (Some(value), None),
    };
    let host = host.map(|h| h.trim_start_matches('[').trim_end_matches(']'));
    parsed.bind.host = Some(host.unwrap_or("").to_string());
    parsed.bind.span = Some(word.span);
    if let Some(port) = port {
        set_port(parsed, port, word, exec_form);
    }
}

/// `0.0.0.0:${PORT:-8000}` splits at the first colon: the one in braces is shell syntax.
fn last_colon_outside_braces(value: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut found = None;
    for (i, c) in value.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => found = Some(i),
            _ => {}
        }
    }
    found
}

fn set_port(parsed: &mut ParsedCommand, value: &str, word: &Word, exec_form: bool) {
    parsed.bind.port = Some(value.to_string());
    parsed.bind.span.get_or_insert(word.span);
    if value.contains('$') && (exec_form || word.single_quoted) {
        parsed.bind.port_unexpanded = true;
    }
}

/// Shell-words lexing with `shlex`, plus positions: each word is found in the
/// source in order, and single-quoted words are marked (no expansion there).
pub fn lex(text: &str, base: usize) -> Option<Vec<Word>> {
    let words = shlex::split(text)?;
    let mut out = Vec::with_capacity(words.len());
    let mut cursor = 0;
    for word in words {
        let rest = text.get(cursor..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start().len();
        let start = cursor + skipped;
        let raw_end = raw_word_end(text, start);
        let raw = text.get(start..raw_end).unwrap_or("");
        out.push(Word {
            single_quoted: raw.contains('\''),
            span: Span::new(base + start, base + raw_end),
            text: word,
        });
        cursor = raw_end;
    }
    Some(out)
}

/// End of the shell word starting at `start`, honouring quotes and escapes.
fn raw_word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut single, mut double) = (false, false);
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b if b.is_ascii_whitespace() && !single && !double => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len().min(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(text: &str) -> ParsedCommand {
        parse(0, text, Span::new(0, text.len()), None)
    }

    #[test]
    fn lexes_with_spans_and_quotes() {
        let words = lex("gunicorn 'a b' \"$PORT\" x", 10).unwrap();
        assert_eq!(words.len(), 4);
        assert_eq!(words[1].text, "a b");
        assert!(words[1].single_quoted);
        assert!(!words[2].single_quoted);
        assert_eq!(words[3].span, Span::new(10 + 23, 10 + 24));
        assert!(lex("echo 'unterminated", 0).is_none());
    }

    #[test]
    fn gunicorn_with_options() {
        let c = cmd("gunicorn --chdir src -k uvicorn.workers.UvicornWorker -b 0.0.0.0:$PORT -w4 app.main:app --preload");
        assert_eq!(c.server, Some(Server::Gunicorn));
        let t = c.target.unwrap();
        assert_eq!(
            (t.module.as_str(), t.callable.as_deref()),
            ("app.main", Some("app"))
        );
        assert_eq!(c.chdir.as_deref(), Some("src"));
        assert_eq!(
            c.worker_class.as_deref(),
            Some("uvicorn.workers.UvicornWorker")
        );
        assert_eq!(c.bind.host.as_deref(), Some("0.0.0.0"));
        assert_eq!(c.bind.port.as_deref(), Some("$PORT"));
    }

    #[test]
    fn factory_call_syntax_and_default_callable() {
        let c = cmd("gunicorn \"pkg.app:create_app()\"");
        let t = c.target.unwrap();
        assert!(t.factory_call);
        assert_eq!(t.callable.as_deref(), Some("create_app"));
        let c = cmd("gunicorn mysite.wsgi --log-file -");
        assert_eq!(c.target.unwrap().callable, None);
    }

    #[test]
    fn env_prefix_cd_and_chains() {
        let c = cmd("cd backend && DJANGO_SETTINGS_MODULE=config.prod python manage.py migrate && exec gunicorn config.wsgi:application --bind=0.0.0.0:${PORT:-8000}");
        assert_eq!(c.chdir.as_deref(), Some("backend"));
        assert!(c.migration.is_some());
        assert_eq!(c.server, Some(Server::Gunicorn));
        assert_eq!(c.env[0].0, "DJANGO_SETTINGS_MODULE");
        assert_eq!(c.bind.port.as_deref(), Some("${PORT:-8000}"));
        assert_eq!(c.bind.host.as_deref(), Some("0.0.0.0"));
    }

    #[test]
    fn sh_c_and_python_m() {
        let c = cmd("sh -c 'python -m uvicorn main:app --host 0.0.0.0 --port $PORT'");
        assert_eq!(c.server, Some(Server::Uvicorn));
        assert_eq!(c.target.unwrap().module, "main");
        assert_eq!(c.bind.port.as_deref(), Some("$PORT"));
        // Inside sh -c the outer single quotes are the script, expanded by sh.
        assert!(!c.bind.port_unexpanded);
    }

    #[test]
    fn single_quoted_port_is_not_expanded() {
        let c = cmd("uvicorn main:app --host 0.0.0.0 --port '$PORT'");
        assert!(c.bind.port_unexpanded);
    }

    #[test]
    fn exec_form_port_is_not_expanded() {
        let argv: Vec<String> = vec![
            "uvicorn".into(),
            "main:app".into(),
            "--port".into(),
            "$PORT".into(),
        ];
        let c = parse(0, "", Span::new(0, 1), Some(&argv));
        assert!(c.bind.port_unexpanded);
    }

    #[test]
    fn dev_servers() {
        assert_eq!(
            cmd("python manage.py runserver 0.0.0.0:$PORT").server,
            Some(Server::Runserver)
        );
        let c = cmd("flask --app hello run --host 0.0.0.0");
        assert_eq!(c.server, Some(Server::FlaskRun));
        assert_eq!(c.target.unwrap().module, "hello");
        assert!(cmd("uvicorn main:app --reload").reload.is_some());
        let c = cmd("python app.py");
        assert_eq!(c.server, Some(Server::PythonScript));
        assert!(c.target.unwrap().is_file);
    }

    #[test]
    fn other_servers() {
        let c = cmd("uwsgi --http :$PORT --module mysite.wsgi:application --master");
        assert_eq!(c.server, Some(Server::Uwsgi));
        assert_eq!(c.bind.port.as_deref(), Some("$PORT"));
        assert_eq!(c.target.unwrap().module, "mysite.wsgi");
        let c = cmd("waitress-serve --listen=*:$PORT --call app:create_app");
        assert!(c.target.unwrap().factory_call);
        let c = cmd("daphne -b 0.0.0.0 -p $PORT mysite.asgi:application");
        assert_eq!(c.bind.host.as_deref(), Some("0.0.0.0"));
        assert_eq!(c.target.unwrap().module, "mysite.asgi");
        let c = cmd("granian --interface asgi --host 0.0.0.0 --port $PORT main:app");
        assert_eq!(c.worker_class.as_deref(), Some("asgi"));
        let c = cmd("streamlit run Home.py --server.port $PORT --server.address 0.0.0.0");
        assert_eq!(c.server, Some(Server::Streamlit));
        assert_eq!(c.target.unwrap().module, "Home.py");
        let c = cmd("ddtrace-run python -m gunicorn.app.wsgiapp -c gunicorn-prod.conf.py warehouse.wsgi:application");
        assert_eq!(c.server, Some(Server::Gunicorn));
        assert_eq!(c.target.unwrap().module, "warehouse.wsgi");
        let c = cmd("env DD_SERVICE=web tini -- uvicorn main:app --host 0.0.0.0 --port $PORT");
        assert_eq!(c.server, Some(Server::Uvicorn));
        let c = cmd("bin/start-nginx gunicorn -c gunicorn.conf pydotorg.wsgi");
        assert_eq!(c.server, Some(Server::Gunicorn));
        assert_eq!(c.config_file.as_deref(), Some("gunicorn.conf"));
        let c = cmd("newrelic-admin run-program poetry run hypercorn app:app --bind 0.0.0.0:$PORT");
        assert_eq!(c.server, Some(Server::Hypercorn));
    }

    #[test]
    fn non_ascii_option_does_not_panic() {
        // Found by the `command` fuzz target: `-ߞ` was cut inside its second character.
        cmd("uvicorn \u{0}`\u{4}'=\n    \u{0}     ]% -\u{7de}");
        let c = cmd("gunicorn -é app:app");
        assert_eq!(c.server, Some(Server::Gunicorn));
    }

    #[test]
    fn programs_of_every_step_and_gunicorn_cmd_args() {
        let c = cmd("cd app && ./bin/pre && sh -c 'exec gunicron x:y'");
        let programs: Vec<_> = c.programs.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(programs, ["cd", "./bin/pre", "sh", "gunicron"]);
        let c =
            cmd("GUNICORN_CMD_ARGS='-k gevent --bind 0.0.0.0:8000' gunicorn -k gthread app:app");
        assert_eq!(c.worker_class.as_deref(), Some("gthread"));
        assert_eq!(c.bind.port.as_deref(), Some("8000"));
        let c = cmd("GUNICORN_CMD_ARGS=\"-k uvicorn.workers.UvicornWorker\" gunicorn app:app");
        assert_eq!(
            c.worker_class.as_deref(),
            Some("uvicorn.workers.UvicornWorker")
        );
    }

    #[test]
    fn unknown_program_is_kept() {
        let c = cmd("celery -A proj worker");
        assert_eq!(c.server, None);
        assert_eq!(c.program.as_deref(), Some("celery"));
    }
}
