fn main() -> std::process::ExitCode {
    paaslint::cli::main()
}
